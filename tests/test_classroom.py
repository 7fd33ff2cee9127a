"""The class folder: class.toml (typed, errors naming file, line and field), learners'
names (untrusted: never a path as typed), packs (refusing traversal, links, oversize
members), the instructor's report, and progress exported on one laptop and collected."""

import io
import json
import re
import tarfile
from pathlib import Path

import pytest

from sandbox.classroom import config, exchange, folder, packing, report
from sandbox.classroom.learners import LearnerNameError, check_name, folder_name, learner_files
from sandbox.cli.main import main
from sandbox.quiz.library import load_library
from sandbox.quiz.results import Results
from sandbox.scenarios import progress
from sandbox.scenarios.loader import catalogue
from sandbox.scenarios.topics import TOPICS
from test_quiz_bank import GOOD as GOOD_BANK


@pytest.fixture
def lab(tmp_path) -> Path:
    folder.init(tmp_path / "lab", seed=7)
    return tmp_path / "lab"


# -- class.toml ---------------------------------------------------------------------------------------

WRONG = """title = "Lab"
seed = 3
scenarios = "groups"

[[quizzes]]
id = "as-text"
title = "A"
topics = "T05"

[[quizzes]]
id = "empty"
title = "B"
topics = []

[[quizzes]]
id = "too-many"
title = "C"
topics = ["T05"]
count = 150
mode = "exam"

[settings]
show_solutions = "no"
"""


def test_validate_reports_every_problem_with_its_line_and_field(lab, capsys):
    """Wrong types (a string for a list, an empty list) and a quiz larger than its topics can
    draw: all reported in one run, each with the file, the line and the field."""
    (lab / "class.toml").write_text(WRONG)
    assert main(["class", "validate", str(lab)]) == 1
    out = capsys.readouterr().out
    where = f"✗ {lab / 'class.toml'}"
    assert f'{where}:3: scenarios: must be a list in brackets, e.g. scenarios = ["groups"]' in out
    assert f'{where}:8: quizzes[0].topics: must be a list in brackets, e.g. topics = ["T05"]' in out
    assert f"{where}:13: quizzes[1].topics: is an empty list; leave topics out for every topic" in out
    shipped_on_t05 = len([q for q in load_library(TOPICS, catalogue([])[0]).written if "T05" in q.topics])
    assert 0 < shipped_on_t05 < 150
    assert (f"{where}:19: quizzes[2].count: asks for 150 questions, but an exam on T05 can draw only "
            f"{shipped_on_t05} ") in out
    assert f"{where}:23: settings.show_solutions: must be true or false" in out
    assert out.count("✗") == 5 and "✓ class.toml" not in out and out.endswith("Fix the problems above.\n")


def test_an_unknown_scenario_is_named_at_its_line_and_the_class_file_is_not_ticked(lab, capsys):
    (lab / "class.toml").write_text('title = "Lab"\nseed = 3\nscenarios = [\n  "groups",\n  "no-such-scenario",\n]\n')
    assert main(["class", "validate", str(lab)]) == 1
    out = capsys.readouterr().out
    assert f"✗ {lab / 'class.toml'}:5: scenarios: no scenario 'no-such-scenario'" in out
    assert "✓" not in out


def test_a_quiz_with_generated_questions_can_draw_any_count(lab):
    """T06 has a question generator (caller identity), so 150 questions can be drawn on it."""
    (lab / "class.toml").write_text('title = "Lab"\nseed = 3\n[[quizzes]]\nid = "q"\ntitle = "Q"\n'
                                    'topics = ["T06"]\ncount = 150\nmode = "exam"\n')
    assert folder.validate(lab).ok


def test_init_writes_a_class_that_validates(lab):
    cfg = config.load(lab)
    assert cfg.seed == 7 and cfg.scenarios[0] == "iam-tour" and cfg.quizzes[0].mode == "practice"
    assert cfg.settings.show_solutions is True
    assert (lab / "scenarios").is_dir() and (lab / "quiz").is_dir()
    result = folder.validate(lab)
    assert result.ok, result.problems
    with pytest.raises(folder.ClassFolderError, match="already exists"):
        folder.init(lab)


Q = 'title = "x"\nseed = 1\n[[quizzes]]\nid = "a"\ntitle = "A"\n'


@pytest.mark.parametrize("text, where", [
    ('title = "x"\nseed = -1\n', r"class.toml:2: seed: must be a whole number"),
    ('title = "x"\nseed = 1\nscenarios = ["../etc"]\n', r"class.toml:3: scenarios: scenario ids"),
    ('title = "x"\nseed = 1\ncolour = "red"\n', r"class.toml:3: colour: unknown field"),
    ('title = "x"\nseed = 1\n[settings]\nshow_solutions = "yes"\n',
     r"class.toml:4: settings.show_solutions: must be true"),
    ('title = "x"\nseed = 1\n[settings]\nmax_sessions = 0\n', r"settings.max_sessions: must be a whole number from 1"),
    (Q + 'topics = ["T99"]\n', r"class.toml:6: quizzes\[0\].topics: unknown topic T99"),
    (Q + 'mode = "due"\n', r"quizzes\[0\].mode: must be one of practice, exam"),
    (Q + '[[quizzes]]\nid = "a"\ntitle = "B"\n', r"quizzes\[1\].id: 'a' is used twice"),
    ('title = "\\u001b[2J"\nseed = 1\n', r"title: contains the control character \\x1b"),
    ('title = "x"\nseed = 1 2\n', r"class.toml:2: not valid TOML"),
])
def test_class_file_errors_name_file_line_and_field(tmp_path, text, where):
    (tmp_path / "class.toml").write_text(text)
    with pytest.raises(config.ClassFileError, match=where):
        config.load(tmp_path)


def test_validate_names_a_missing_scenario_and_a_broken_class_scenario(lab):
    text = (lab / "class.toml").read_text().replace('"ec2-role-s3"', '"no-such-scenario"')
    (lab / "class.toml").write_text(text)
    (lab / "scenarios" / "broken.toml").write_text('id = "broken"\n')
    result = folder.validate(lab, replay_solutions=False)
    assert not result.ok
    assert any("no scenario 'no-such-scenario'" in p for p in result.problems)
    assert any("broken.toml" in p for p in result.problems)


def test_validate_replays_the_instructors_own_scenario(lab):
    shipped = (Path(folder.__file__).parents[2] / "scenarios" / "05-groups.toml").read_text()
    (lab / "scenarios" / "mine.toml").write_text(shipped.replace('id = "groups"', 'id = "my-groups"'))
    good = folder.validate(lab)
    assert good.ok and any("my-groups" in c for c in good.checked)
    # a solution that no longer meets its check is caught
    broken = shipped.replace('id = "groups"', 'id = "my-groups"').replace("add-user-to-group", "get-user")
    (lab / "scenarios" / "mine.toml").write_text(broken)
    assert not folder.validate(lab).ok


# -- learners' names ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw", ["", "   ", "../../etc", "a/b", "x" * 41, "ana\x1b[2J", "ana\u202e", "C:\\x",
                                 ".hidden", "ana\nbo"])
def test_unusable_names_are_refused(raw):
    with pytest.raises(LearnerNameError):
        check_name(raw)


def test_the_same_name_finds_the_same_folder_and_no_name_leaves_learners(tmp_path):
    assert folder_name("Ana  B") == folder_name(" ana b ") == "ana-b"
    assert folder_name("O'Brien") == "o-brien"
    assert folder_name("Zoë") != folder_name("Zoe")  # other letters keep the name distinct (a hash)
    assert folder_name("Мария").startswith("learner-")
    files = learner_files(tmp_path, "José")
    assert files.folder.parent == (tmp_path / "learners").resolve()
    assert files.environment()["IAM_SANDBOX_LEARNER"] == "José"


def test_a_learner_world_is_built_from_the_class_seed(lab):
    cfg = config.load(lab)
    one = folder.prepare_learner(learner_files(lab, "Ana"), cfg, "2026-01-01T00:00:00+00:00")
    two = folder.prepare_learner(learner_files(lab, "Bo"), cfg, "2026-01-01T00:00:00+00:00")
    assert one.path != two.path
    assert one.account_id == two.account_id
    assert one.meta["secrets_note"] == two.meta["secrets_note"]


# -- packs ------------------------------------------------------------------------------------------------


def test_pack_and_unpack_carry_the_class_but_not_learners(lab, tmp_path):
    (lab / "quiz" / "mine.toml").write_text(GOOD_BANK)
    folder.prepare_learner(learner_files(lab, "Ana"), config.load(lab), "2026-01-01T00:00:00+00:00")
    names = packing.pack(lab, tmp_path / "lab.tar.gz")
    assert names == ["class.toml", "quiz/mine.toml"]
    assert packing.unpack(tmp_path / "lab.tar.gz", tmp_path / "copy") == ["class.toml", "quiz/mine.toml"]
    assert (tmp_path / "copy" / "class.toml").read_text() == (lab / "class.toml").read_text()
    assert not (tmp_path / "copy" / "learners").exists()
    with pytest.raises(packing.PackError, match="not empty"):
        packing.unpack(tmp_path / "lab.tar.gz", tmp_path / "copy")


def test_unpack_checks_the_class_in_the_pack_before_writing_anything(lab, tmp_path, capsys):
    """A pack whose class.toml names a scenario nobody has: refused with the problem (named as in
    the pack, with its line), and neither the folder nor any staging copy is left behind."""
    (lab / "class.toml").write_text((lab / "class.toml").read_text().replace('"groups"', '"gropus"'))
    packing.pack(lab, tmp_path / "lab.tar.gz")  # packed without `class pack`'s check, as a hostile pack could be
    assert main(["class", "unpack", str(tmp_path / "lab.tar.gz"), str(tmp_path / "copy")]) == 1
    captured = capsys.readouterr()
    assert "✗ class.toml:7: scenarios: no scenario 'gropus'" in captured.out
    assert "holds a class with problems; nothing was written" in captured.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lab", "lab.tar.gz"]
    (tmp_path / "empty").mkdir()  # an empty folder asked for stays as it was
    with pytest.raises(packing.PackProblems):
        packing.unpack(tmp_path / "lab.tar.gz", tmp_path / "empty")
    assert list((tmp_path / "empty").iterdir()) == []


def _tar(path: Path, members: list[tarfile.TarInfo], data: bytes = b"x = 1\n") -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for info in members:
            if info.isreg():
                info.size = len(data) if info.size == 0 else info.size
                tar.addfile(info, io.BytesIO(data.ljust(info.size, b" ")))
            else:
                tar.addfile(info)
    return path


def _member(name: str, kind=tarfile.REGTYPE, size: int = 0, link: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.size, info.linkname = kind, size, link
    return info


@pytest.mark.parametrize("members, message", [
    ([_member("class.toml"), _member("../evil.toml")], "not a class file"),
    ([_member("class.toml"), _member("/etc/cron.d/x")], "not a class file"),
    ([_member("class.toml"), _member("scenarios/../../x.toml")], "not a class file"),
    ([_member("class.toml"), _member("scenarios/a.toml", tarfile.SYMTYPE, link="/etc/passwd")], "is a link"),
    ([_member("class.toml"), _member("scenarios/a.toml", tarfile.LNKTYPE, link="class.toml")], "is a link"),
    ([_member("class.toml"), _member("scenarios", tarfile.DIRTYPE)], "not a regular file"),
    ([_member("class.toml"), _member("scenarios/big.toml", size=600 * 1024)], "larger than 512 KiB"),
    ([_member("class.toml"), _member("class.toml")], "appears twice"),
    ([_member("scenarios/a.toml")], "has no class.toml"),
])
def test_unpack_refuses_a_hostile_pack_and_writes_nothing(tmp_path, members, message):
    pack = _tar(tmp_path / "evil.tar.gz", members)
    with pytest.raises(packing.PackError, match=message):
        packing.unpack(pack, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "evil.toml").exists()


def test_unpack_refuses_a_file_that_is_not_a_pack(tmp_path):
    (tmp_path / "x.tar.gz").write_bytes(b"not a tar at all")
    with pytest.raises(packing.PackError, match="not a class pack"):
        packing.unpack(tmp_path / "x.tar.gz", tmp_path / "out")


def test_pack_refuses_a_linked_file(lab, tmp_path):
    (tmp_path / "secret.toml").write_text("x = 1\n")
    (lab / "scenarios" / "linked.toml").symlink_to(tmp_path / "secret.toml")
    with pytest.raises(packing.PackError, match="not a regular file"):
        packing.pack(lab, tmp_path / "out.tar.gz")


# -- report and collect ---------------------------------------------------------------------------------------

def _progress_and_answers(lab: Path, name: str) -> None:
    files = learner_files(lab, name)
    folder.prepare_learner(files, config.load(lab), "2026-01-01T00:00:00+00:00")

    def work(records):
        records["iam-tour"] = {"attempts": 1, "steps_done": 4, "hints_used": 2, "solutions_used": [3],
                               "started": "2026-01-01T10:00:00+00:00", "finished": "2026-01-01T10:12:30+00:00"}
        records["groups"] = {"attempts": 1, "steps_done": 1, "hints_used": 0, "solutions_used": [],
                             "started": "2026-01-01T10:15:00+00:00", "finished": None}
    progress.update(name, work, files.progress)

    def answers(record):
        record["answers"] += [
            {"q": "q1", "correct": True, "seconds": 5, "mode": "practice", "when": "2026-01-01T11:00:00+00:00",
             "topics": ["T01", "T09"]},
            {"q": "q2", "correct": False, "seconds": 9, "mode": "practice", "when": "2026-01-01T11:01:00+00:00",
             "topics": ["T09"]}]
    Results(files.quiz_results).update(name, answers)


def test_report_in_every_format(lab):
    _progress_and_answers(lab, "Ana O'Neil")
    cfg = config.load(lab)
    scenarios, _ = catalogue(folder.scenario_dirs(lab))
    reports = report.class_report(lab, cfg, scenarios)
    table = report.render("table", cfg.title, reports)
    assert "Ana O'Neil  last: groups, step 2 of 3" in table  # not online: no claim of where they are now
    assert "iam-tour                           4/4      2  step 3             12.5 min" in table
    assert "groups                             1/3      0  -                  in progress" in table
    assert "T01 1/1  T09 1/2" in table
    rows = report.render("csv", cfg.title, reports).splitlines()
    assert "Ana O'Neil,scenario,iam-tour,4,4,2,3,12.5,," in rows
    assert "Ana O'Neil,quiz-topic,T09,,,,,,1,2" in rows
    data = json.loads(report.render("json", cfg.title, reports))
    assert data["learners"][0]["quiz"] == [{"topic": "T01", "correct": 1, "answered": 1},
                                           {"topic": "T09", "correct": 1, "answered": 2}]
    page = report.render("html", cfg.title, reports)
    assert '<h2>Ana O&#x27;Neil <span class="muted">last: groups, step 2 of 3</span></h2>' in page
    online = report.class_report(lab, cfg, scenarios, online={"Ana O'Neil"})
    assert "Ana O'Neil (online)  now: groups, step 2 of 3" in report.render("table", cfg.title, online)
    assert "http" not in page  # self-contained


def test_export_then_collect_merges_and_is_idempotent(lab, tmp_path, monkeypatch, capsys):
    laptop = tmp_path / "laptop"
    monkeypatch.setenv("IAM_SANDBOX_DATA", str(laptop))
    progress.record_start("Bo", "iam-tour", "2026-01-02T09:00:00+00:00")
    progress.record_step("Bo", "iam-tour", 4, "2026-01-02T09:20:00+00:00", finished=True)
    progress.record_hint("Bo", "iam-tour", 0)
    Results().update("Bo", lambda r: r["answers"].append(
        {"q": "q7", "correct": True, "seconds": 3, "mode": "exam", "when": "2026-01-02T10:00:00+00:00",
         "topics": ["T23"]}))
    assert main(["progress", "export", "--learner", "Bo", "-o", str(tmp_path / "bo.json")]) == 0
    for _ in range(2):  # the same file twice changes nothing
        assert main(["class", "collect", str(lab), str(tmp_path / "bo.json")]) == 0
    capsys.readouterr()
    assert main(["class", "report", str(lab), "--format", "json"]) == 0
    bo = json.loads(capsys.readouterr().out)["learners"][0]
    assert bo["name"] == "Bo"
    assert bo["scenarios"][0] == {"id": "iam-tour", "title": "A tour of IAM: global, root, users, groups, roles",
                                  "steps_done": 4, "steps_total": 4, "hints": 1, "solutions": [],
                                  "started": "2026-01-02T09:00:00+00:00", "finished": "2026-01-02T09:20:00+00:00",
                                  "minutes": 20.0}
    assert bo["quiz"] == [{"topic": "T23", "correct": 1, "answered": 1}]


@pytest.mark.parametrize("document, message", [
    ({"kind": "something-else"}, "not an IAM Sandbox progress export"),
    ({"kind": "iam-sandbox-progress", "version": 9, "learner": "x"}, "version 9"),
    ({"kind": "iam-sandbox-progress", "version": 1, "learner": "../../root"}, "learner: A name is plain text"),
])
def test_collect_refuses_a_hostile_export(lab, tmp_path, document, message):
    path = tmp_path / "x.json"
    path.write_text(json.dumps(document))
    with pytest.raises(exchange.ExportError, match=message):
        exchange.read_export(path)


def test_collect_keeps_only_well_typed_fields(lab, tmp_path):
    path = tmp_path / "x.json"
    path.write_text(json.dumps({"kind": "iam-sandbox-progress", "version": 1, "learner": "Cy",
                                "scenarios": {"iam-tour": {"steps_done": "lots", "hints_used": 2,
                                                           "solutions_used": ["rm -rf", 2], "started": 5}},
                                "quiz": {"answers": [{"q": "q1", "correct": "yes", "topics": ["T01", 3]}, "junk"]}}))
    export = exchange.read_export(path)
    assert export.scenarios["iam-tour"] == {"steps_done": 0, "hints_used": 2, "solutions_used": [2],
                                            "attempts": 0, "started": None, "finished": None}
    assert export.quiz["answers"] == [{"q": "q1", "topics": ["T01"]}]


def test_class_commands_report_problems_without_a_traceback(tmp_path, capsys):
    assert main(["class", "report", str(tmp_path / "nowhere")]) == 1
    assert "class.toml: not found" in capsys.readouterr().err
    (tmp_path / "evil.tar.gz").write_bytes(b"\x1f\x8b junk")
    assert main(["class", "unpack", str(tmp_path / "evil.tar.gz"), str(tmp_path / "out")]) == 1
    assert "not a class pack" in capsys.readouterr().err


def test_an_instructors_scenario_title_is_escaped_in_the_html_report(lab):
    shipped = (Path(folder.__file__).parents[2] / "scenarios" / "05-groups.toml").read_text()
    hostile = re.sub(r'(?m)^title = ".*"$', 'title = "<script>alert(1)</script>"', shipped, count=1)
    (lab / "scenarios" / "mine.toml").write_text(hostile.replace('id = "groups"', 'id = "mine"'))
    files = learner_files(lab, "Ana")
    folder.prepare_learner(files, config.load(lab), "2026-01-01T00:00:00+00:00")
    progress.update("Ana", lambda r: r.update(mine={"steps_done": 1, "started": "2026-01-01T10:00:00+00:00"}),
                    files.progress)
    scenarios, _ = catalogue(folder.scenario_dirs(lab))
    page = report.as_html("Lab", report.class_report(lab, config.load(lab), scenarios))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script" not in page


def test_a_learner_file_that_cannot_be_read_is_named_in_the_report(lab):
    _progress_and_answers(lab, "Ana")
    files = learner_files(lab, "Ana")
    files.quiz_results.write_text("{not json")
    scenarios, _ = catalogue(folder.scenario_dirs(lab))
    table = report.render("table", "Lab", report.class_report(lab, config.load(lab), scenarios))
    assert f"cannot read {files.quiz_results}" in table
    assert "iam-tour" in table and "no quiz answers yet" in table
    assert files.quiz_results.read_text() == "{not json"  # left as it was


def test_serve_without_a_class_folder_makes_one_in_the_data_directory(tmp_path, monkeypatch, capsys):
    from sandbox.cli import serve_cmd

    monkeypatch.setenv("IAM_SANDBOX_DATA", str(tmp_path / "data"))
    class_dir, cfg = serve_cmd._class(serve_cmd._parser().parse_args([]))
    assert class_dir == (tmp_path / "data" / "classroom").resolve()
    assert cfg.scenarios and "a new class folder is at" in capsys.readouterr().err
    assert serve_cmd._class(serve_cmd._parser().parse_args([]))[0] == class_dir  # kept, not made again
    assert "a new class folder" not in capsys.readouterr().err


def test_the_class_commands_from_init_to_unpack(tmp_path, capsys):
    lab, copy = tmp_path / "lab", tmp_path / "copy"
    assert main(["class", "init", str(lab), "--seed", "11"]) == 0
    assert main(["class", "validate", str(lab)]) == 0
    assert "✓ class.toml: 4 scenario(s), 1 quiz(zes), seed 11\nThe class is ready." in capsys.readouterr().out
    (lab / "class.toml").write_text((lab / "class.toml").read_text().replace('"groups"', '"gropus"'))
    assert main(["class", "pack", str(lab), "-o", str(tmp_path / "lab.tar.gz")]) == 1
    captured = capsys.readouterr()
    assert "no scenario 'gropus'" in captured.out and "it was not packed" in captured.err
    assert not (tmp_path / "lab.tar.gz").exists()
    (lab / "class.toml").write_text((lab / "class.toml").read_text().replace('"gropus"', '"groups"'))
    assert main(["class", "pack", str(lab), "-o", str(tmp_path / "lab.tar.gz")]) == 0
    assert main(["class", "unpack", str(tmp_path / "lab.tar.gz"), str(copy)]) == 0
    assert "The class is ready: iam-sandbox serve --class" in capsys.readouterr().out
    assert config.load(copy).seed == 11
