"""``iam-sandbox scenario ...``: pick, play and check scenarios; validate and solve
scenario files (for instructors); export learner progress."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sandbox.cli.prompts import confirm_replace
from sandbox.cli.worldopen import open_for_cli, scenario_dirs
from sandbox.scenarios import engine, progress, undo
from sandbox.scenarios.loader import ScenarioError, catalogue, files_in, load_file
from sandbox.scenarios.setup import SetupError
from sandbox.scenarios.topics import TOPICS
from sandbox.workspace import Workspace
from sandbox.workspace.replay import replay
from sandbox.world import World


def main(argv: list[str], opts: dict) -> int:
    parser = argparse.ArgumentParser(prog="iam-sandbox scenario", description="Scripted IAM scenarios.")
    sub = parser.add_subparsers(dest="cmd", required=True)
    ls = sub.add_parser("list", help="the scenarios, with levels and your progress")
    ls.add_argument("--json", action="store_true")
    sh = sub.add_parser("show", help="a scenario's steps and topics")
    sh.add_argument("id")
    st = sub.add_parser("start", help="reset the world to the scenario's setup and begin")
    st.add_argument("id")
    st.add_argument("--learner", help="name to record progress under (default: your user name)")
    st.add_argument("--yes", action="store_true", help="replace a world that has changes of yours without asking")
    sub.add_parser("status", help="the current step and the checklist")
    sub.add_parser("check", help="check the current step now")
    sub.add_parser("hint", help="the next hint for the current step")
    so = sub.add_parser("solution", help="the current step's solution commands")
    so.add_argument("--yes", action="store_true", help="confirm that you want to see it (it is recorded)")
    rs = sub.add_parser("reset", help="start the scenario again (or only the current step)")
    rs.add_argument("--step", action="store_true")
    sub.add_parser("undo", help="undo the last change")
    sub.add_parser("stop", help="leave the scenario (the world stays as it is)")
    sv = sub.add_parser("solve", help="replay a scenario's solution on a fresh world and report each check")
    sv.add_argument("id")
    va = sub.add_parser("validate", help="validate scenario files: schema, unique ids, solutions")
    va.add_argument("path")
    sub.add_parser("coverage", help="which scenarios teach each topic of the notes")
    pr = sub.add_parser("progress", help="learner progress")
    pr.add_argument("--format", choices=("table", "json", "csv"), default="table")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    handler = globals()[f"cmd_{args.cmd}"]
    return handler(args, opts)


def _catalogue(opts: dict, with_errors: bool = False):
    """The scenarios that load; with ``with_errors`` also the files that do not (listed as
    invalid, each with its error: one bad file never hides the others)."""
    scenarios, errors = catalogue(scenario_dirs(opts))
    return (scenarios, errors) if with_errors else scenarios


def _find(opts: dict, scenario_id: str):
    for s in _catalogue(opts):
        if s.id == scenario_id:
            return s
    sys.stderr.write(f"iam-sandbox: no scenario {scenario_id!r}; see `iam-sandbox scenario list`\n")
    return None


def cmd_list(args, opts) -> int:
    scenarios, errors = _catalogue(opts, with_errors=True)
    mine = progress.load()["learners"].get(progress.learner_name(None), {})
    if args.json:
        json.dump([{"id": s.id, "title": s.title, "level": s.level, "topics": s.topics, "minutes": s.minutes,
                    "steps": len(s.steps), "progress": mine.get(s.id)} for s in scenarios], sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    for s in scenarios:
        p = mine.get(s.id) or {}
        mark = "✓" if p.get("finished") else (f"{p.get('steps_done', 0)}/{len(s.steps)}" if p else " ")
        sys.stdout.write(f"{mark:>4}  {s.id:<28} {s.level:<12} {s.minutes:>3} min  {s.title}\n")
    for e in errors:
        sys.stdout.write(f"{'✗':>4}  {Path(e.path).name:<28} invalid: {e}\n")
    return 0


def cmd_show(args, opts) -> int:
    s = _find(opts, args.id)
    if s is None:
        return 1
    topics = TOPICS
    sys.stdout.write(f"{s.title}  ({s.level}, about {s.minutes} min)\n{s.summary}\n\nTopics:\n")
    for t in s.topics:
        sys.stdout.write(f"  {t}  {topics.get(t, '?')}\n")
    sys.stdout.write("\nSteps:\n")
    for i, step in enumerate(s.steps, 1):
        sys.stdout.write(f"  {i}. {step.title}\n")
    sys.stdout.write(f"\nStart it with: iam-sandbox scenario start {s.id}\n")
    return 0


def _active(opts) -> tuple[Workspace | None, object]:
    """The workspace on the world and the scenario started in it (None after saying why not)."""
    world = open_for_cli(opts)
    if world is None:
        return None, None
    scenario = engine.active(world, scenario_dirs(opts))
    if scenario is None:
        if engine.state(world):
            sys.stderr.write("The scenario started in this world is not offered here (is it in an instructor's "
                             "folder? add --scenarios DIR), or its file is no longer valid.\n")
        else:
            sys.stderr.write("No scenario is started in this world. Start one: iam-sandbox scenario start ID\n")
    return Workspace(world, scenario_dirs(opts)), scenario


def _print_status(status, world) -> None:
    s = status.scenario
    sys.stdout.write(f"{s.title}\n")
    for st in status.steps:
        mark = "✓" if st.done else ("→" if st.index == status.step else " ")
        sys.stdout.write(f"  {mark} {st.index + 1}. {st.title}   [{st.check_text}]\n")
    if status.finished:
        sys.stdout.write(f"\nScenario complete.\n\nLesson: {s.lesson.strip()}\n")
        if s.tip:
            sys.stdout.write(f"Exam tip: {s.tip}\n")
    else:
        step = s.steps[status.step]
        sys.stdout.write(f"\nStep {status.step + 1}: {step.title}\n\n{step.instructions.strip()}\n")
    point = undo.current(world)
    if point is not None:
        sys.stdout.write(f"\nUndo (iam-sandbox scenario undo) would revert: {point.label}\n")


def cmd_start(args, opts) -> int:
    scenario = _find(opts, args.id)
    if scenario is None:
        return 1
    world = open_for_cli(opts)
    if world is None:
        return 1
    if not confirm_replace(world, "Starting the scenario", engine.BEFORE_START, args.yes):
        return 1
    workspace = Workspace(world, scenario_dirs(opts))
    try:
        secrets = workspace.start_scenario(scenario, args.learner)
    except SetupError as exc:
        sys.stderr.write(f"iam-sandbox: the scenario's setup failed, so the world was left as it was: {exc}\n")
        return 1
    sys.stdout.write(f"Started {scenario.title}. The world was reset to the scenario's setup.\n"
                     f"Root password: {secrets.get('root_password')}   admin console password: "
                     f"{secrets.get('admin_password')}\n\n")
    _print_status(engine.status(workspace.gateway, scenario), world)
    return 0


def cmd_status(args, opts) -> int:
    ws, scenario = _active(opts)
    if scenario is None:
        return 1
    _print_status(engine.check(ws.gateway, scenario), ws.world)
    return 0


cmd_check = cmd_status


def cmd_hint(args, opts) -> int:
    ws, scenario = _active(opts)
    if scenario is None:
        return 1
    world = ws.world
    text, shown, total = engine.hint(world, scenario)
    if text is None:
        if total:
            sys.stdout.write(f"No more hints ({total} shown). See the solution: iam-sandbox scenario solution --yes\n")
        else:
            sys.stdout.write("The scenario is complete.\n")
        return 0
    sys.stdout.write(f"Hint {shown}/{total}: {text}\n")
    return 0


def cmd_solution(args, opts) -> int:
    ws, scenario = _active(opts)
    if scenario is None:
        return 1
    world = ws.world
    if not args.yes:
        sys.stdout.write("The solution spoils the exercise and its use is recorded. Run again with --yes to see it.\n")
        return 0
    commands = engine.solution(world, scenario)
    sys.stdout.write("Type these in the sandbox terminal (iam-sandbox shell):\n")
    for c in commands:
        sys.stdout.write(f"  {c}\n")
    return 0


def cmd_reset(args, opts) -> int:
    ws, scenario = _active(opts)
    if scenario is None:
        return 1
    world = ws.world
    engine.reset(world, scenario, step_only=args.step)
    sys.stdout.write("The current step starts over.\n" if args.step else "The scenario starts over from step 1.\n")
    return 0


def cmd_undo(args, opts) -> int:
    ws, scenario = _active(opts)
    if scenario is None:
        return 1
    point = ws.undo()
    if point is None:
        sys.stdout.write("Nothing to undo: no change was made since the scenario (or its step) started, or the "
                         "last one was undone already.\n")
        return 1
    sys.stdout.write(f"Undone: {point.label}.\n")
    return 0


def cmd_stop(args, opts) -> int:
    world = open_for_cli(opts)
    if world is None:
        return 1
    engine.stop(world)
    sys.stdout.write("Left the scenario.\n")
    return 0


def _replay_world():
    return World(None)


def cmd_solve(args, opts) -> int:
    scenario = _find(opts, args.id)
    if scenario is None:
        return 1
    result = replay(scenario, _replay_world)
    sys.stdout.write(f"{scenario.id}: {scenario.title}\n")
    for line in result.lines:
        sys.stdout.write(f"  {line}\n")
    sys.stdout.write("solved\n" if result.ok else "NOT solved\n")
    return 0 if result.ok else 1


def cmd_validate(args, opts) -> int:
    path = Path(args.path).expanduser()
    files = files_in(path) if path.is_dir() else [path]
    if not files:
        sys.stderr.write(f"iam-sandbox: no .toml scenario files in {path}\n")
        return 1
    ok = True
    seen: dict[str, Path] = {}
    topics = TOPICS
    for file in files:
        try:
            scenario = load_file(file)
        except ScenarioError as exc:
            sys.stdout.write(f"✗ {exc}\n")
            ok = False
            continue
        if scenario.id in seen:
            sys.stdout.write(f"✗ {file}: id: {scenario.id!r} is also used by {seen[scenario.id]}\n")
            ok = False
            continue
        seen[scenario.id] = file
        unknown = [t for t in scenario.topics if t not in topics]
        if unknown:
            sys.stdout.write(f"✗ {file}: topics: unknown topic id(s) {', '.join(unknown)}\n")
            ok = False
            continue
        result = replay(scenario, _replay_world)
        sys.stdout.write(f"{'✓' if result.ok else '✗'} {file} ({scenario.id})\n")
        for line in result.lines:
            sys.stdout.write(f"    {line}\n")
        ok = ok and result.ok
    return 0 if ok else 1


def cmd_coverage(args, opts) -> int:
    scenarios = _catalogue(opts)
    for topic, text in TOPICS.items():
        teaching = [s.id for s in scenarios if topic in s.topics]
        sys.stdout.write(f"{topic}  {text[:60]:<60}  {', '.join(teaching) or '—'}\n")
    return 0


def cmd_progress(args, opts) -> int:
    if args.format in ("json", "csv"):
        sys.stdout.write(progress.export(args.format))
        return 0
    data = progress.load()
    for learner, scenarios in sorted(data["learners"].items()):
        sys.stdout.write(f"{learner}\n")
        for sid, r in sorted(scenarios.items()):
            state = "finished" if r.get("finished") else f"{r['steps_done']} step(s) done"
            sys.stdout.write(f"  {sid:<28} {state:<18} hints {r['hints_used']}  solutions {r['solutions_used']}\n")
    return 0
