"""Reading ``_quarto.yml`` and the active profiles' ``_quarto-<p>.yml`` into one merged mapping
(Quarto's profile merge), with the file and line where each key is last set."""
from __future__ import annotations

import json
import os
from pathlib import Path

from luton2040 import yamlmarks
from luton2040.errors import InputError, Problem

CONFIG_FILE = "_quarto.yml"
PROFILE_VARIABLE = "QUARTO_PROFILE"


def profile_file(profile: str) -> str:
    """The file holding one profile's settings: ``_quarto-<profile>.yml``."""
    return f"_quarto-{profile}.yml"


def merge(base: object, over: object, key: str = "") -> object:
    """Quarto's merge of a profile over the base configuration (quarto-cli v1.7.34
    src/config/metadata.ts, ``mergeProjectMetadata``; src/core/config.ts, ``mergeArrayCustomizer``):
    mappings merge key by key; where either side is a list the two are joined, base first, each
    value once (a single value counts as a list of one; an empty side leaves the other); a
    ``contents`` given as a string is replaced; any other value is replaced."""
    if isinstance(base, dict) and isinstance(over, dict):
        merged = dict(base)
        for name, value in over.items():
            merged[name] = merge(base[name], value, str(name)) if name in base else value
        return merged
    if key == "contents" and isinstance(base, str):
        return over
    if isinstance(base, list) or isinstance(over, list):
        if _falsy(base):
            return over
        if _falsy(over):
            return base
        joined: list = []
        seen: set[str] = set()
        for value in (base if isinstance(base, list) else [base]) + (over if isinstance(over, list) else [over]):
            mark = json.dumps(value, sort_keys=False, default=str)
            if mark not in seen:
                seen.add(mark)
                joined.append(value)
        return joined
    return over


def _falsy(value: object) -> bool:
    """JavaScript's falsy values as YAML gives them (``mergeArrayCustomizer`` tests ``!value``):
    nothing, false, zero, the empty string; an empty list is not."""
    return value is None or value is False or value == "" or (type(value) in (int, float) and value == 0)


def read_marked(path: Path) -> yamlmarks.Marked:
    """A settings file's values with the line of each key (``luton2040.yamlmarks``); InputError
    naming the file and line when it is not YAML, not UTF-8, or uses what yamlmarks refuses."""
    try:
        return yamlmarks.load(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError([Problem(path.name, None, None, "is not UTF-8 text", "save it as UTF-8")]) from None
    except yamlmarks.YamlRefused as err:
        raise InputError([err.problem(path.name, "fix the indentation or quoting")]) from None


def read_settings(path: Path) -> tuple[dict, dict[str, tuple[str, int]]]:
    """One settings file (``_quarto.yml`` or a profile's) through the project's one YAML reader
    (``luton2040.yamlmarks``): its options, and the dotted key (``website.sidebar.tools``) → (file
    name, 1-based line) of every mapping key and of every page a list names (``=index.qmd``), so a
    message points at the line to change — in the profile when the profile sets it."""
    marked = read_marked(path)
    if marked.value is None:
        return {}, {}
    if not isinstance(marked.value, dict):
        raise InputError([Problem(path.name, 1, None, "must be a mapping of options", "compare it with _quarto.yml")])
    lines: dict[str, tuple[str, int]] = {}

    def walk(value: object, path_: tuple, dotted: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                key_dotted = f"{dotted}.{key}" if dotted else str(key)
                line = marked.line(*path_, key)
                if line is not None:
                    lines.setdefault(key_dotted, (path.name, line))
                walk(item, path_ + (key,), key_dotted)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                line = marked.line(*path_, index)
                if line is not None and not isinstance(item, (dict, list)):  # a list entry, e.g. a sidebar page
                    lines.setdefault(f"={item}", (path.name, line))
                walk(item, path_ + (index,), dotted)

    walk(marked.value, (), "")
    return marked.value, lines


def active_profiles(data: dict, profile: str | None) -> tuple[str, ...]:
    """The profiles to merge: the argument, else $QUARTO_PROFILE, else ``profile.default``."""
    chosen = profile if profile is not None else os.environ.get(PROFILE_VARIABLE)
    if not chosen:
        settings = data.get("profile") if isinstance(data.get("profile"), dict) else {}
        default = settings.get("default")
        chosen = ",".join(default) if isinstance(default, list) else str(default or "")
    return tuple(p.strip() for p in chosen.split(",") if p.strip())


def merged_settings(project_dir: Path, profile: str | None) -> tuple[dict, dict[str, tuple[str, int]], tuple[str, ...]]:
    """_quarto.yml with the active profiles merged over it, the (file, line) of each key where it
    is last set, and the profiles."""
    path = project_dir / CONFIG_FILE
    if not path.is_file():
        raise InputError([Problem(CONFIG_FILE, None, None, f"no {CONFIG_FILE} in {project_dir}",
                                  "run the command in a Quarto project folder")])
    data, lines = read_settings(path)
    profiles = active_profiles(data, profile)
    # Quarto merges the profiles in reverse order, so the first one named wins a value both set
    # (src/project/project-profile.ts, mergeProfiles: "reverse order so first gets priority").
    for name in reversed(profiles):
        extra = project_dir / profile_file(name)
        if extra.is_file():  # as in Quarto, a profile without a file changes nothing
            extra_data, extra_lines = read_settings(extra)
            data = merge(data, extra_data)
            lines.update(extra_lines)
    return data, lines, profiles
