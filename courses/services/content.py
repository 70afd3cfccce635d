"""Loading the theory module from its versioned content files (courses/content/theory/).

`content.json` holds what does not depend on the language: the content version and its notes, the
sections in order with their lessons, quiz pass marks and topics. `<language>/lessons/<slug>.md` holds a
lesson (front matter with its title, then Markdown ending with a "Sources" list) and
`<language>/sections/<slug>.json` a section's title, summary and quiz. Rows are matched by stable keys
(section slug, lesson slug, question key, option key) and updated in place, so students' lesson
completions and quiz attempts keep pointing at the same rows; a second load of the same files writes
nothing.

`ru/` and `kk/` beside `en/` translate the text only (titles, summaries, bodies, questions, explanations,
options), matched by the same slugs and keys; the loader writes them to the translated columns
(`title_ru`, `body_kk`... of courses/translation.py). A text missing in a language stays empty there and
reads English."""

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from ..models import Course, Lesson, LessonRevision, Quiz, QuizChoice, QuizQuestion, Section

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content" / "theory"
SOURCE_LANGUAGE = "en"
TRANSLATIONS = ("ru", "kk")
# The lesson's closing list of sources, headed in each content language.
SOURCES_HEADINGS = frozenset({"sources", "источники", "дереккөздер"})
# Orders are unique per parent; rows whose order changes pass through this range first.
ORDER_OFFSET = 10000


class ContentError(ValueError):
    """The content files are inconsistent (a missing file, a duplicate key, a lesson without sources)."""


@dataclass(frozen=True)
class LessonData:
    slug: str
    title: str
    body: str
    # language -> {"title": ..., "body": ...}, from the translated files
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class OptionData:
    key: str
    text: str
    correct: bool
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # language -> {"text": ...}


@dataclass(frozen=True)
class QuestionData:
    key: str
    kind: str
    text: str
    explanation: str
    tags: tuple[str, ...]
    options: tuple[OptionData, ...]
    # language -> {"text": ..., "explanation": ...}
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class SectionData:
    slug: str
    title: str
    summary: str
    topics: tuple[str, ...]
    lessons: tuple[LessonData, ...]
    quiz_title: str
    pass_mark: int
    questions: tuple[QuestionData, ...]
    # language -> {"title": ..., "summary": ..., "quiz_title": ...}
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class CourseContent:
    course: str
    version: str
    note: str
    sections: tuple[SectionData, ...]


@dataclass
class LoadReport:
    version: str
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    deleted: Counter = field(default_factory=Counter)
    lessons_changed: list[str] = field(default_factory=list)
    not_in_content: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(n for counts in (self.created, self.updated, self.deleted) for n in counts.values())


def parse_lesson(slug: str, text: str) -> LessonData:
    """A lesson file: `---`, `key: value` lines (title), `---`, then the Markdown body."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise ContentError(f"lesson {slug}: the file must start with front matter (---)")
    try:
        end = lines.index("---", 1)
    except ValueError as exc:
        raise ContentError(f"lesson {slug}: the front matter is not closed (---)") from exc
    meta = {}
    for line in lines[1:end]:
        if line.strip():
            name, _sep, value = line.partition(":")
            meta[name.strip()] = value.strip()
    if not meta.get("title"):
        raise ContentError(f"lesson {slug}: the front matter has no title")
    body = "\n".join(lines[end + 1 :]).strip() + "\n"
    return LessonData(slug=slug, title=meta["title"], body=body)


def lesson_sources(body: str) -> list[str]:
    """The list items under the lesson's "Sources" heading (in any content language)."""
    sources, inside = [], False
    for line in body.splitlines():
        if line.startswith("#"):
            inside = line.lstrip("#").strip().lower() in SOURCES_HEADINGS
        elif inside and line.lstrip().startswith(("- ", "* ")):
            sources.append(line.lstrip()[2:].strip())
    return sources


def read_content(*, directory: Path = CONTENT_DIR, language: str = SOURCE_LANGUAGE) -> CourseContent:
    """Read and check the content files, with their translations (no database access)."""
    manifest = json.loads((directory / "content.json").read_text(encoding="utf-8"))
    version = manifest["version"]
    sections, lesson_slugs, section_slugs = [], set(), set()
    for entry in manifest["sections"]:
        slug = entry["slug"]
        if slug in section_slugs:
            raise ContentError(f"section {slug} is listed twice")
        section_slugs.add(slug)
        texts = json.loads((directory / language / "sections" / f"{slug}.json").read_text(encoding="utf-8"))
        lessons = []
        for lesson_slug in entry["lessons"]:
            if lesson_slug in lesson_slugs:
                raise ContentError(f"lesson {lesson_slug} is listed twice")
            lesson_slugs.add(lesson_slug)
            path = directory / language / "lessons" / f"{lesson_slug}.md"
            lesson = parse_lesson(lesson_slug, path.read_text(encoding="utf-8"))
            if not lesson_sources(lesson.body):
                raise ContentError(f"lesson {lesson_slug} has no Sources list")
            lessons.append(lesson)
        questions, question_keys = [], set()
        for q in texts["quiz"]["questions"]:
            if q["key"] in question_keys:
                raise ContentError(f"section {slug}: question key {q['key']} is used twice")
            question_keys.add(q["key"])
            options = tuple(OptionData(key=o["key"], text=o["text"], correct=bool(o["correct"])) for o in q["options"])
            if len({o.key for o in options}) != len(options):
                raise ContentError(f"section {slug}, question {q['key']}: an option key is used twice")
            correct = sum(o.correct for o in options)
            if correct == 0 or (q["kind"] == QuizQuestion.Kind.SINGLE and correct != 1):
                raise ContentError(f"section {slug}, question {q['key']}: wrong number of correct options")
            questions.append(
                QuestionData(
                    key=q["key"],
                    kind=q["kind"],
                    text=q["text"],
                    explanation=q.get("explanation", ""),
                    tags=tuple(q.get("tags", ())),
                    options=options,
                )
            )
        pass_mark = int(entry["pass_mark"])
        if not 1 <= pass_mark <= len(questions):
            raise ContentError(f"section {slug}: pass mark {pass_mark} of {len(questions)} questions")
        section = SectionData(
            slug=slug,
            title=texts["title"],
            summary=texts["summary"],
            topics=tuple(entry.get("topics", ())),
            lessons=tuple(lessons),
            quiz_title=texts["quiz"]["title"],
            pass_mark=pass_mark,
            questions=tuple(questions),
        )
        if language == SOURCE_LANGUAGE:
            section = _with_translations(section, directory)
        sections.append(section)
    note = manifest.get("changes", {}).get(version, "")
    return CourseContent(course=manifest["course"], version=version, note=note, sections=tuple(sections))


def _with_translations(section: SectionData, directory: Path) -> SectionData:
    """The section with the text of `ru/` and `kk/` attached, matched by slug and key. A missing file or
    text leaves that language out (it reads English); a key the English files do not have is an error."""
    found = {"section": {}, "lessons": {}, "questions": {}, "options": {}}
    for language in TRANSLATIONS:
        path = directory / language / "sections" / f"{section.slug}.json"
        if path.exists():
            texts = json.loads(path.read_text(encoding="utf-8"))
            quiz = texts.get("quiz", {})
            found["section"][language] = {
                "title": texts.get("title", ""),
                "summary": texts.get("summary", ""),
                "quiz_title": quiz.get("title", ""),
            }
            known = {q.key: {o.key for o in q.options} for q in section.questions}
            for q in quiz.get("questions", ()):
                if q["key"] not in known:
                    raise ContentError(f"{language} section {section.slug}: unknown question key {q['key']}")
                found["questions"].setdefault(q["key"], {})[language] = {
                    "text": q.get("text", ""),
                    "explanation": q.get("explanation", ""),
                }
                for o in q.get("options", ()):
                    if o["key"] not in known[q["key"]]:
                        raise ContentError(
                            f"{language} section {section.slug}, question {q['key']}: unknown option key {o['key']}"
                        )
                    found["options"].setdefault((q["key"], o["key"]), {})[language] = {"text": o.get("text", "")}
        for lesson in section.lessons:
            path = directory / language / "lessons" / f"{lesson.slug}.md"
            if path.exists():
                translated = parse_lesson(lesson.slug, path.read_text(encoding="utf-8"))
                if not lesson_sources(translated.body):
                    raise ContentError(f"{language} lesson {lesson.slug} has no Sources list")
                found["lessons"].setdefault(lesson.slug, {})[language] = {
                    "title": translated.title,
                    "body": translated.body,
                }

    return replace(
        section,
        translations=found["section"],
        lessons=tuple(
            replace(lesson, translations=found["lessons"].get(lesson.slug, {})) for lesson in section.lessons
        ),
        questions=tuple(
            replace(
                q,
                translations=found["questions"].get(q.key, {}),
                options=tuple(replace(o, translations=found["options"].get((q.key, o.key), {})) for o in q.options),
            )
            for q in section.questions
        ),
    )


def _texts(data, names: dict) -> dict:
    """The values of the translated columns for one row: `names` maps a column (`title`) to the content's
    attribute (`quiz_title`). English from the data itself, each translation from its file; a text missing
    in a language is NULL there (read as English)."""
    values = {}
    for column, attribute in names.items():
        values[f"{column}_{SOURCE_LANGUAGE}"] = getattr(data, attribute)
        for language in TRANSLATIONS:
            values[f"{column}_{language}"] = data.translations.get(language, {}).get(attribute) or None
    return values


def _change_names(changed: list[str]) -> list[str]:
    """`body_en` -> "body", `body_kk` -> "body (kk)": the revision trail names what changed."""
    names = []
    for name in changed:
        column, _sep, language = name.rpartition("_")
        if language == SOURCE_LANGUAGE:
            names.append(column)
        elif language in TRANSLATIONS:
            names.append(f"{column} ({language})")
        else:
            names.append(name)
    return names


def _set(obj, values: dict) -> list[str]:
    """Assign the values that differ; return the names of the changed fields."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    return changed


def _place(model, rows_and_targets: list) -> None:
    """Give existing rows their target (parent, order) without breaking the unique order per parent:
    rows that move go to a free order first, then to their target."""
    moving = [(row, p, order) for row, p, order in rows_and_targets if (row.parent_id, row.order) != (p, order)]
    for i, (row, _parent, _order) in enumerate(moving):
        model.objects.filter(pk=row.pk).update(order=ORDER_OFFSET + i)
    for row, parent, order in moving:
        model.objects.filter(pk=row.pk).update(**{row.parent_field: parent, "order": order})
        setattr(row, row.parent_field, parent)
        row.order = order


def _with_parent(rows, parent_field: str):
    for row in rows:
        row.parent_field = parent_field
        row.parent_id = getattr(row, parent_field)
    return rows


@transaction.atomic
def load_course_content(*, content: CourseContent | None = None) -> LoadReport:
    """Create or update the course's sections, lessons, quizzes, questions and options from the content.

    Lessons and sections that are in the database but no longer in the content are kept (students'
    completions point at them) and reported, placed after the content's own; questions and options that
    are no longer in the content are deleted. A lesson whose text changes gets the content version and a
    revision row naming what changed."""
    content = content or read_content()
    report = LoadReport(version=content.version)
    now = timezone.now()
    course = Course.objects.select_for_update().get(slug=content.course)

    # Sections: existing ones placed by slug, stale ones after them.
    existing = {s.slug: s for s in _with_parent(list(Section.objects.filter(course=course)), "course_id")}
    wanted = [s.slug for s in content.sections]
    stale = sorted((s for slug, s in existing.items() if slug not in wanted), key=lambda s: s.order)
    targets = [(existing[slug], course.pk, i) for i, slug in enumerate(wanted, 1) if slug in existing]
    targets += [(s, course.pk, len(wanted) + i) for i, s in enumerate(stale, 1)]
    report.updated["section"] += sum(1 for row, _course, order in targets if row.order != order)
    _place(Section, targets)
    report.not_in_content += [f"section {s.slug}" for s in stale]
    sections = {}
    for order, data in enumerate(content.sections, 1):
        section = existing.get(data.slug)
        values = _texts(data, {"title": "title", "summary": "summary"})
        if section is None:
            section = Section.objects.create(course=course, slug=data.slug, order=order, **values)
            report.created["section"] += 1
        elif changed := _set(section, values):
            section.save(update_fields=changed)
            report.updated["section"] += 1
        sections[data.slug] = section

    _load_lessons(content, sections, report, now)
    for data in content.sections:
        _load_quiz(content, sections[data.slug], data, report)
    return report


def _load_lessons(content: CourseContent, sections: dict, report: LoadReport, now) -> None:
    section_ids = [s.pk for s in sections.values()]
    wanted = {lesson.slug for data in content.sections for lesson in data.lessons}
    existing = {
        lesson.slug: lesson
        for lesson in _with_parent(
            list(Lesson.objects.filter(slug__in=wanted) | Lesson.objects.filter(section_id__in=section_ids)),
            "section_id",
        )
    }
    targets = []
    for data in content.sections:
        section_id = sections[data.slug].pk
        for order, lesson in enumerate(data.lessons, 1):
            if lesson.slug in existing:
                targets.append((existing[lesson.slug], section_id, order, lesson))
        stale = sorted(
            (row for slug, row in existing.items() if slug not in wanted and row.section_id == section_id),
            key=lambda row: row.order,
        )
        targets += [(row, section_id, len(data.lessons) + i, None) for i, row in enumerate(stale, 1)]
        report.not_in_content += [f"lesson {row.slug}" for row in stale]
    moved = {}
    for row, section_id, order, _ in targets:
        changes = (["section"] if row.section_id != section_id else []) + (["order"] if row.order != order else [])
        if changes:
            moved[row.pk] = changes
    _place(Lesson, [(row, section_id, order) for row, section_id, order, _ in targets])

    for data in content.sections:
        section = sections[data.slug]
        for order, lesson in enumerate(data.lessons, 1):
            row = existing.get(lesson.slug)
            if row is None:
                row = Lesson.objects.create(
                    section=section,
                    order=order,
                    slug=lesson.slug,
                    content_version=content.version,
                    **_texts(lesson, {"title": "title", "body": "body"}),
                )
                report.created["lesson"] += 1
                changes = ["created"]
            else:
                changed = _set(row, _texts(lesson, {"title": "title", "body": "body"}))
                changes = moved.get(row.pk, []) + _change_names(changed)
                if not changes:
                    continue
                row.content_version = content.version
                row.save(update_fields=[*changed, "content_version"])
                report.updated["lesson"] += 1
            LessonRevision.objects.create(
                lesson=row, version=content.version, changes=", ".join(changes), note=content.note, loaded_at=now
            )
            report.lessons_changed.append(lesson.slug)


def _load_quiz(content: CourseContent, section: Section, data: SectionData, report: LoadReport) -> None:
    quiz = Quiz.objects.filter(section=section).first()
    values = {**_texts(data, {"title": "quiz_title"}), "pass_mark": data.pass_mark}
    quiz_changed, quiz_created = False, quiz is None
    if quiz_created:
        quiz = Quiz.objects.create(section=section, content_version=content.version, **values)
        report.created["quiz"] += 1
    elif changed := _set(quiz, values):
        quiz.save(update_fields=changed)
        quiz_changed = True

    questions = {q.key: q for q in _with_parent(list(quiz.questions.prefetch_related("choices")), "quiz_id")}
    wanted = {q.key for q in data.questions}
    stale = [q for key, q in questions.items() if key not in wanted]
    if stale:
        QuizQuestion.objects.filter(pk__in=[q.pk for q in stale]).delete()
        report.deleted["question"] += len(stale)
        quiz_changed = True
    targets = [(questions[q.key], quiz.pk, i) for i, q in enumerate(data.questions, 1) if q.key in questions]
    if any(row.order != order for row, _quiz, order in targets):
        quiz_changed = True
        report.updated["question"] += sum(1 for row, _quiz, order in targets if row.order != order)
    _place(QuizQuestion, targets)

    for order, qdata in enumerate(data.questions, 1):
        question = questions.get(qdata.key)
        values = {**_texts(qdata, {"text": "text", "explanation": "explanation"}), "kind": qdata.kind}
        if question is None:
            question = QuizQuestion.objects.create(quiz=quiz, key=qdata.key, order=order, **values)
            report.created["question"] += 1
            quiz_changed = True
            choices = {}
        else:
            if changed := _set(question, values):
                question.save(update_fields=changed)
                report.updated["question"] += 1
                quiz_changed = True
            choices = {c.key: c for c in question.choices.all()}
        stale_choices = [c.pk for key, c in choices.items() if key not in {o.key for o in qdata.options}]
        if stale_choices:
            QuizChoice.objects.filter(pk__in=stale_choices).delete()
            report.deleted["option"] += len(stale_choices)
            quiz_changed = True
        for option_order, option in enumerate(qdata.options, 1):
            values = {**_texts(option, {"text": "text"}), "is_correct": option.correct, "order": option_order}
            choice = choices.get(option.key)
            if choice is None:
                QuizChoice.objects.create(question=question, key=option.key, **values)
                report.created["option"] += 1
                quiz_changed = True
            elif changed := _set(choice, values):
                choice.save(update_fields=changed)
                report.updated["option"] += 1
                quiz_changed = True
    if quiz_changed:
        if not quiz_created:
            report.updated["quiz"] += 1
        if quiz.content_version != content.version:
            quiz.content_version = content.version
            quiz.save(update_fields=["content_version"])
