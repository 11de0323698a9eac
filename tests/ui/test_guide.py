"""The user guide (F1) names the program's real keys and menu entries, and all of them:
every key in the guide is one an action of ui/actions.py holds and the other way round,
every "Menu › Entry" of the guide is in the menu bar (in the guide's language) and
every menu entry is in the guide."""
from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QKeySequence

from ui.dialogs.guide import guide_file

KEY = re.compile(r"`((?:(?:Ctrl|Shift|Alt)\+)*(?:F\d{1,2}|Esc|Enter|Return|Tab|[A-Z0-9]))`")
MENU_PATH = re.compile(r"\*\*([^*›]+?) › ([^*]+?)\*\*")


def same_key(text: str) -> str:
    """A key as a user reads it: Return and Enter are one key to them."""
    return QKeySequence(text).toString().replace("Return", "Enter")


def program_keys(window) -> set[str]:
    """Every key an action of ui/actions.py gives the window and its views."""
    keys = set(window.actions.shortcuts().values())
    for actions in (window.walk.keys, window.finish.keys, window.finish.documents.keys):
        keys |= {action.shortcut().toString() for action in actions.values()}
    return {same_key(k) for k in keys}


def program_menus(window) -> set[tuple[str, str]]:
    """(menu, entry) of the menu bar as shown: without mnemonics and key columns."""
    def plain(text: str) -> str:
        return re.sub(r"\(&\w\)|&(?=[^&])", "", text.split("\t")[0]).replace("&&", "&")

    return {(plain(menu.title()), plain(action.text())) for menu in window.menus()
            for action in menu.actions() if not action.isSeparator()}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_guide_keys_and_menus_are_the_programs(qtbot, window, lang):
    window.language_requested.emit(lang)
    text = guide_file(lang).read_text(encoding="utf-8")
    guide_keys = {same_key(k) for k in KEY.findall(text)}
    keys = program_keys(window)
    assert guide_keys - keys == set(), "keys the guide names that no action holds"
    assert keys - guide_keys == set(), "keys of ui/actions.py the guide does not name"

    guide_menus = set(MENU_PATH.findall(text))
    menus = program_menus(window)
    assert guide_menus - menus == set(), "menu entries the guide names that the menu bar lacks"
    assert menus - guide_menus == set(), "menu entries the guide does not name"


def test_the_guide_checks_would_catch_a_stray_key(qtbot, window):
    keys = program_keys(window)
    assert {same_key("Ctrl+N"), same_key("Ctrl+Enter"), same_key("Esc"), same_key("2")} <= keys
    assert same_key("Ctrl+K") not in keys and same_key("F2") not in keys
    assert ("文件", "打开其他工作区…") in program_menus(window)
    assert ("文件", "另存为…") not in program_menus(window)
