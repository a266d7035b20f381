"""Translation to-do lists for the locale/ catalogues (used after `make messages`).

  python scripts/catalogue.py todo  > todo.json   # untranslated or fuzzy entries, per language
  python scripts/catalogue.py apply done.json     # write the translations back, clear fuzzy

todo.json maps a language directory (it, hu, ...) to {msgid: ""} (plural entries use
"msgid|msgid_plural" as the key and a list of forms as the value). Fill the values in,
then apply; run `make messages` again afterwards to compile the .mo files.
"""

import json
import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale"
PLURAL_SEPARATOR = "|"


def _catalogues():
    for po_path in sorted(LOCALE.glob("*/LC_MESSAGES/django.po")):
        yield po_path.parent.parent.name, po_path, polib.pofile(str(po_path))


def _key(entry) -> str:
    return (
        f"{entry.msgid}{PLURAL_SEPARATOR}{entry.msgid_plural}"
        if entry.msgid_plural
        else entry.msgid
    )


def todo() -> dict:
    result = {}
    for language, _path, po in _catalogues():
        entries = po.untranslated_entries() + po.fuzzy_entries()
        result[language] = {
            _key(e): ([""] * len(e.msgstr_plural) if e.msgid_plural else "")
            for e in entries
            if not e.obsolete
        }
    return result


def apply(done: dict) -> int:
    written = 0
    for language, path, po in _catalogues():
        translations = done.get(language, {})
        for entry in po:
            value = translations.get(_key(entry))
            if not value:
                continue
            if entry.msgid_plural:
                entry.msgstr_plural = dict(enumerate(value))
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
            written += 1
        po.save(str(path))
    return written


if __name__ == "__main__":
    if sys.argv[1:2] == ["todo"]:
        json.dump(todo(), sys.stdout, ensure_ascii=False, indent=1)
    elif sys.argv[1:2] == ["apply"] and len(sys.argv) == 3:
        count = apply(json.loads(Path(sys.argv[2]).read_text(encoding="utf-8")))
        print(f"{count} translations written")
    else:
        sys.exit(__doc__)
