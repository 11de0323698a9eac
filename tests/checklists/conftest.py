"""Shared fixtures: a small valid checklist whose line numbers the tests rely on."""
from __future__ import annotations

import pytest

# Line numbers (1-based) are referred to by tests; keep them stable.
GOOD = """\
id: elevator-user
version: "2026.1"
title: 电梯使用单位安全监督检查表
title_en: Elevator user inspection
family: samr
applies_to: elevator
description: 适用于电梯使用单位
sections:
  - id: registration
    title: 使用登记与标志
    items:
      - id: EL-01
        question: 电梯是否办理使用登记，登记标志是否置于显著位置？
        check_points:
          - 查看《特种设备使用登记证》
        basis:
          - instrument: 中华人民共和国特种设备安全法
            article: 第三十三条
        penalty:
          - instrument: 中华人民共和国特种设备安全法
            article: 第八十三条第（一）项
        hazard_level: major
        gb45067: "4.6 a)"
        rectification: deadline
        rectification_days: 30
        answer:
          kind: number
          unit: MPa
          min: 0.1
          max: 1.6
  - id: maintenance
    title: 维护保养
    items:
      - id: EL-02
        question: 是否由取得许可的单位进行维护保养？
        check_points: [查看维保合同]
        basis:
          - instrument: 中华人民共和国特种设备安全法
            article: 第四十五条
        answer:
          kind: choice
          choices: [有合同, 无合同]
"""


@pytest.fixture
def write(tmp_path):
    """write(text_or_bytes, name="c.yaml") -> Path of a real file in tmp_path."""

    def _write(content, name="c.yaml"):
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write
