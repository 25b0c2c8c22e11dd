"""The run-proof: do real 4.x programs run under the newest transformers after `automodel-codemod`?

    python ecosystem/runproof.py                  # every program, four ways; prints the table
    python ecosystem/runproof.py --only NAME ...  # some programs (names without .py)
    python ecosystem/runproof.py --update         # also store the table (proof/results.json, README)
    python ecosystem/runproof.py port NOTEBOOK NAME   # start a program from a corpus notebook

Each program in ecosystem/proof/programs/ is real 4.x code from ../shared/corpus (its source named in its
first line), as cells (`# %%`), with only these edits, each marked on its line with `# run-proof: KIND`:
data (loading pointed at a stand-in), network (login, push, clone stubbed), compute (steps, batch, lengths
shrunk), gpu (GPU-only settings off). It runs under transformers 4.57 as it is (the stand-ins work, the
program is sound for 4.x), and under the newest 5.x as it is, after the codemod's safe fixes and after its
unsafe fixes too. The environments are venvs built here from pinned releases beside the installed torch
(~/.cache/automodel-lint/runproof); the stand-in hub (proof/hub.py, proof/models/*.json) and the data set and
metric stand-ins (proof/standins/) are local, and nothing reaches the network.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PROOF = os.path.join(HERE, "proof")
PROGRAMS = os.path.join(PROOF, "programs")
RESULTS = os.path.join(PROOF, "results.json")
GAPS = os.path.join(PROOF, "gaps.json")  # why a program still fails after the unsafe fixes
README = os.path.join(ROOT, "README.md")
CACHE = os.path.join(os.path.expanduser("~"), ".cache", "automodel-lint", "runproof")
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
TIMEOUT = 300
TOOLS = ["sentencepiece==0.2.1", "pillow==12.0.0", "ipython==9.7.0", "protobuf==6.33.1", "sacremoses==0.1.1"]
# The two stacks: what a 4.x program ran on (datasets 2.x still had load_metric), and the newest releases.
ENVS = {
    "4.57": {
        "deps": [
            "transformers==4.57.6",
            "huggingface_hub==0.36.2",
            "tokenizers==0.22.2",
            "datasets==2.21.0",
            "peft==0.17.1",
            "trl==0.15.2",
            "evaluate==0.4.6",
            *TOOLS,
        ],  # fmt: skip
        "no_deps": [],
    },
    "5.25": {  # transformers 5.25 names kernels>=0.19.1, which only hub kernels use: it goes in without it
        "deps": [
            "huggingface_hub==2.4.0",
            "tokenizers==0.23.3",
            "datasets==5.2.0",
            "peft==0.21.2",
            "trl==1.16.0",
            "evaluate==0.4.6",
            *TOOLS,
        ],  # fmt: skip
        "no_deps": ["transformers==5.25.0"],
    },
}
OLD, NEW = "4.57", "5.25"
WAYS = (("as is", OLD, None), ("as is", NEW, None), ("safe fixes", NEW, "safe"), ("unsafe fixes", NEW, "unsafe"))
EDIT = re.compile(r"#\s*run-proof:\s*(\w+)")
KINDS = {"data", "network", "compute", "gpu"}


def env_python(name: str) -> str:
    """The venv for one stack, built once per pinned set (torch comes from the interpreter running this)."""
    spec = ENVS[name]
    key = hashlib.sha256(json.dumps([sys.executable, spec], sort_keys=True).encode()).hexdigest()[:12]
    folder = os.path.join(CACHE, f"env-{name}-{key}")
    python = os.path.join(folder, "bin", "python")
    if os.path.exists(os.path.join(folder, "ready")):
        return python
    print(f"building the transformers {name} environment in {folder}", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", "--clear", "--system-site-packages", folder], check=True)
    pip = [python, "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.run([*pip, *spec["deps"]], check=True, capture_output=True)
    if spec["no_deps"]:
        subprocess.run([*pip, "--no-deps", *spec["no_deps"]], check=True, capture_output=True)
    open(os.path.join(folder, "ready"), "w").close()
    return python


def hub_cache() -> str:
    """The stand-in hub, built by the older stack once per catalogue and builder."""
    digest = hashlib.sha256()
    models = os.path.join(PROOF, "models")
    for path in [os.path.join(PROOF, "hub.py"), *sorted(os.path.join(models, n) for n in os.listdir(models))]:
        with open(path, "rb") as handle:
            digest.update(handle.read())
    folder = os.path.join(CACHE, "hub-" + digest.hexdigest()[:12])
    if not os.path.exists(os.path.join(folder, "ready")):
        print(f"building the stand-in hub in {folder}", file=sys.stderr)
        shutil.rmtree(folder, ignore_errors=True)
        command = [env_python(OLD), os.path.join(PROOF, "hub.py"), folder, models]
        subprocess.run(command, check=True, env=offline(folder), capture_output=True)
        open(os.path.join(folder, "ready"), "w").close()
    return folder


def offline(hub: str) -> dict:
    home = os.path.join(CACHE, "home")
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_"))},
        "HF_HUB_OFFLINE": "1",
        "HF_DATASETS_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "HF_HOME": home,
        "HF_HUB_CACHE": hub,
        "HF_DATASETS_CACHE": os.path.join(home, "datasets"),
        "USE_HUB_KERNELS": "0",
        "TOKENIZERS_PARALLELISM": "false",
        "OMP_NUM_THREADS": "1",
        "CUDA_VISIBLE_DEVICES": "",
        "WANDB_DISABLED": "true",
        "WANDB_MODE": "disabled",
        "HF_HUB_DISABLE_TELEMETRY": "1",
        "PYTHONHASHSEED": "0",
    }


def programs(only: list[str] | None) -> list[str]:
    names = sorted(name[:-3] for name in os.listdir(PROGRAMS) if name.endswith(".py"))
    if only:
        missing = sorted(set(only) - set(names))
        if missing:
            sys.exit(f"no such program: {', '.join(missing)}")
        names = [name for name in names if name in only]
    return names


def edits(path: str) -> list[str]:
    """The marked edits of a program; an unknown kind is an error (the allowed edits are a closed list)."""
    found = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            for kind in EDIT.findall(line):
                if kind not in KINDS:
                    sys.exit(f"{path}:{number}: unknown run-proof edit {kind!r} (allowed: {', '.join(sorted(KINDS))})")
                found.append(kind)
    return found


def codemod(folder: str, unsafe: bool) -> str:
    """Fix a copy of the programs as a user would (target: the newest release); the codemod's own report."""
    command = [sys.executable, "-m", "codemods.cli", "--no-cache", "--target-transformers", NEW, folder]
    command += ["--unsafe-fixes"] if unsafe else []
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": ROOT})
    if done.returncode not in (0, 1):
        sys.exit(f"automodel-codemod failed:\n{done.stderr}")
    return done.stdout + done.stderr


def run_one(python: str, program: str, hub: str) -> dict:
    command = [python, os.path.join(PROOF, "runner.py"), program]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, env=offline(hub))
    except subprocess.TimeoutExpired:
        return {"error": f"timeout after {TIMEOUT} s", "cell": None, "line": None}
    for line in done.stdout.splitlines()[::-1]:
        if line.startswith("RUNPROOF "):
            return json.loads(line[len("RUNPROOF ") :])
    tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
    return {"error": f"runner died (exit {done.returncode}): {tail[:200]}", "cell": None, "line": None}


def parity(python: str, hub: str) -> dict:
    """HF107's written-out pipelines against 4.57's own, on the stand-in hub (proof/parity.py)."""
    from lint_rules.knowledge.pipeline_shims import SHIMS

    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as handle:
        handle.write("\n\n".join(shim.source(task) for task, shim in SHIMS.items()))
    command = [python, os.path.join(PROOF, "parity.py"), handle.name]
    done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, env=offline(hub))
    os.unlink(handle.name)
    for line in done.stdout.splitlines():
        if line.startswith("PARITY "):
            return json.loads(line[len("PARITY ") :])
    return {"same": 0, "of": 0, "differ": [{"error": (done.stderr.strip().splitlines() or ["no output"])[-1]}]}


def prove(names: list[str], jobs: int) -> dict:
    hub = hub_cache()
    pythons = {name: env_python(name) for name in ENVS}
    work = tempfile.mkdtemp(prefix="runproof-")
    folders = {None: PROGRAMS}
    reports = {}
    for fixes in ("safe", "unsafe"):
        folder = os.path.join(work, fixes)
        os.makedirs(folder)
        for name in names:
            shutil.copy(os.path.join(PROGRAMS, name + ".py"), folder)
        reports[fixes] = codemod(folder, fixes == "unsafe")
        folders[fixes] = folder
    tasks = [(name, way) for name in names for way in WAYS]

    def task(item):
        name, (label, release, fixes) = item
        return run_one(pythons[release], os.path.join(folders[fixes], name + ".py"), hub)

    with ThreadPoolExecutor(jobs) as pool:
        outcomes = list(pool.map(task, tasks))
    results = {name: {"source": source(name), "edits": sorted(set(edits(os.path.join(PROGRAMS, name + ".py"))))}
               for name in names}  # fmt: skip
    for (name, (label, release, fixes)), outcome in zip(tasks, outcomes, strict=True):
        results[name][f"{label} ({release})" if fixes is None else label] = outcome
    shutil.rmtree(work, ignore_errors=True)
    return {"results": results, "codemod": reports, "parity": parity(pythons[OLD], hub)}


def source(name: str) -> str:
    with open(os.path.join(PROGRAMS, name + ".py"), encoding="utf-8") as handle:
        first = handle.readline()
    return first.removeprefix("# source:").strip()


COLUMNS = [f"as is ({OLD})", f"as is ({NEW})", "safe fixes", "unsafe fixes"]


def cell(outcome: dict) -> str:
    if outcome["error"] is None:
        return "runs"
    where = f" (line {outcome['line']})" if outcome.get("line") else ""
    return outcome["error"].replace("|", "\\|")[:90] + where


def table(results: dict) -> str:
    with open(GAPS, encoding="utf-8") as handle:
        gaps = json.load(handle)
    lines = ["| program | " + " | ".join(COLUMNS) + " | why it still fails |", "|---|" + "---|" * (len(COLUMNS) + 1)]
    for name, row in results.items():
        why = gaps.get(name, "not explained yet") if row[COLUMNS[-1]]["error"] is not None else ""
        lines.append(f"| {name} | " + " | ".join(cell(row[column]) for column in COLUMNS) + f" | {why} |")
    count = len(results)
    runs = {column: sum(1 for row in results.values() if row[column]["error"] is None) for column in COLUMNS}
    lines.append("| **runs** | " + " | ".join(f"**{runs[c]}/{count}**" for c in COLUMNS) + " | |")
    return "\n".join(lines)


def store(proof: dict) -> None:
    with open(RESULTS, "w") as handle:
        json.dump(proof["results"], handle, indent=1, sort_keys=True)
        handle.write("\n")
    with open(README, encoding="utf-8") as handle:
        text = handle.read()
    start, end = "<!-- run-proof table -->", "<!-- end of run-proof table -->"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        text = head + start + "\n" + table(proof["results"]) + "\n" + end + rest.split(end, 1)[1]
        with open(README, "w", encoding="utf-8") as handle:
            handle.write(text)


def port(notebook: str, name: str) -> None:
    """A program from a corpus notebook: its code cells as `# %%` cells, IPython lines as comments."""
    corpus = os.path.join(os.path.dirname(ROOT), "shared", "corpus")
    with open(notebook, encoding="utf-8") as handle:
        cells = [c for c in json.load(handle)["cells"] if c["cell_type"] == "code"]
    relative = notebook.split("/corpus/", 1)[-1] if "/corpus/" in notebook else os.path.relpath(notebook, corpus)
    out = [f"# source: {relative}\n"]
    for code in cells:
        text = "".join(code["source"])
        lines = [("# " + line if line.lstrip().startswith(("!", "%")) else line) for line in text.splitlines()]
        out.append("\n# %%\n" + "\n".join(lines) + "\n")
    with open(os.path.join(PROGRAMS, name + ".py"), "w", encoding="utf-8") as handle:
        handle.write("".join(out))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["port"]:
        port(*argv[1:3])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", metavar="NAME")
    parser.add_argument("--update", action="store_true", help="store the table in proof/results.json and README")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    proof = prove(programs(args.only), args.jobs)
    print(json.dumps(proof, indent=1) if args.json else table(proof["results"]))
    same = proof["parity"]
    print(f"HF107's written-out pipelines return what {OLD}'s did: {same['same']}/{same['of']} cases")
    for case in same["differ"]:
        print(f"  differs: {case}")
    if args.update:
        store(proof)
    return 0


if __name__ == "__main__":
    sys.exit(main())
