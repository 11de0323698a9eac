# ruff: noqa: E501 - one entry a line reads best in a catalog
"""The English catalog of the core's messages: Chinese template -> English template.

Keyed by the exact Chinese template (the first argument of a ``Msg``, of a
``SiteCheckError`` or of a ``Problem``), and by the Chinese labels of fields and
operations that messages name.  An English template uses the same ``{name}``
placeholders as its Chinese one; ``tests/checklists/test_messages.py`` reads the
source and fails when a template has no entry here or the placeholders differ.
"""
from __future__ import annotations

EN: dict[str, str] = {
    # ----- checklists: the checklist checker (checklists/loader.py, model.py)
    "检查表": "Checklist",
    "章节 {id}": "Section {id}",
    "章节 （第 {index} 个）": "Section (no. {index})",
    "检查项 {id}": "Item {id}",
    "章节 id ": "Section id ",
    "检查项 id ": "Item id ",
    "{what} 的第 {index} 个检查项": "{what}, item no. {index}",
    "{what} 的 {key} 第 {index} 条": "{what}, {key} no. {index}",
    "{what} 的 answer": "{what}, answer",
    "{what}：{key}": "{what}: {key}",
    "{what}：{key} 的第 {index} 项": "{what}: {key} entry no. {index}",
    "文字": "text",
    "整数": "an integer",
    "小数": "a decimal",
    "布尔值": "a boolean",
    "空值": "null",
    "日期": "a date",
    "列表": "a list",
    "映射": "a mapping",
    "空的": "empty",
    "带标签 {tag} 的值": "a value tagged {tag}",
    "通用": "general use",
    "这是一个文件夹，不是检查表文件": "This is a folder, not a checklist file",
    "请给出 .yaml 文件的路径": "give the path of a .yaml file",
    "文件不存在": "The file does not exist",
    "检查路径和文件名是否写对": "check the path and the file name",
    "无法读取文件：{reason}": "Cannot read the file: {reason}",
    "检查文件权限，或文件是否被其他程序占用": "check the file's permissions, or whether another program holds it",
    "检查表 id {id} 已被 {other} 使用": "Checklist id {id} is already used by {other}",
    "每个检查表的 id 必须唯一；改用新的 id，或删去其中一个文件":
        "every checklist id must be unique; use a new id, or remove one of the files",
    "检查表 {id} {version} 中没有检查项 {item!r} (checklist {id} {version} has no item {item!r})":
        "Checklist {id} {version} has no item {item!r}",
    "文件太大（{size} 字节，上限 {limit} 字节即 2 MB），未读取":
        "The file is too large ({size} bytes; the limit is {limit} bytes, 2 MB) and was not read",
    "检查是否选错了文件；过大的检查表请拆分成几个文件":
        "check that this is the right file; split an oversized checklist into several files",
    "文件不是 UTF-8 编码（第 {line} 行第 {column} 列，字节偏移 {offset} 处的字节 0x{byte:02X}）{guess}":
        "The file is not UTF-8 encoded (line {line}, column {column}: byte 0x{byte:02X} at offset {offset}){guess}",
    "，看起来是 UTF-16 编码": "; it looks like UTF-16",
    "，看起来是 GBK/GB18030 编码": "; it looks like GBK/GB18030",
    "请在编辑器中用“另存为”选择 UTF-8 编码保存": 'in your editor use "Save as" and choose the UTF-8 encoding',
    "文件含有不允许的字符 U+{char:04X}（字符位置 {position}）":
        "The file holds a character that is not allowed, U+{char:04X} (character position {position})",
    "删除这个控制字符（常见于从网页或文档复制的文字）":
        "delete this control character (common in text copied from web pages or documents)",
    "YAML 无法解析：{error}": "The YAML cannot be parsed: {error}",
    "检查文件是否为 YAML 文本": "check that the file is YAML text",
    "YAML 嵌套层数过深，无法读取": "The YAML is nested too deeply to be read",
    "检查表只需要几层缩进；检查是否有成串的 [ 或 {":
        "a checklist needs only a few levels of indentation; look for runs of [ or {",
    "不允许使用别名 *{anchor}": "Aliases are not allowed: *{anchor}",
    "检查表不使用锚点和别名（& 与 *）；请把内容直接写出来":
        "checklists use no anchors or aliases (& and *); write the content out in full",
    "文件是空的（没有任何内容）": "The file is empty (it has no content)",
    "按 docs/checklist-format.md 写入 id、version、title、family、applies_to 与 sections":
        "write id, version, title, family, applies_to and sections as docs/checklist-format.md describes",
    "YAML 不允许用 Tab 缩进；请改用空格": "YAML does not allow tabs for indentation; use spaces",
    "值里含有“: ”时请给整个值加引号，或检查这一行的缩进":
        'when a value contains ": " put the whole value in quotes, or check the indentation of this line',
    "一个文件只写一个检查表；删去第二个 ---": "one checklist per file; remove the second ---",
    "检查上一行是否缺少“: ”，或引号没有成对": 'check whether the line above lacks ": ", or a quote is not closed',
    "检查引号或括号是否成对": "check that quotes and brackets are closed",
    "YAML 语法错误：{problem}": "YAML syntax error: {problem}",
    "YAML 语法错误：{problem}（{context}，见第 {line} 行）": "YAML syntax error: {problem} ({context}, see line {line})",
    "检查这一行及上一行的缩进（只用空格）和引号；以 * & ! [ { 开头或含“: ”的值需要加引号":
        'check the indentation (spaces only) and the quotes of this line and the one above; '
        'a value that starts with * & ! [ { or contains ": " needs quotes',
    "是否应为“{close}”？（可用：{options}）": 'did you mean "{close}"? (options: {options})',
    "可用：{options}": "Options: {options}",
    "{what}应是“键: 值”形式的映射，实际是{kind}": '{what} should be a mapping of "key: value", but is {kind}',
    "检查缩进；每个键后写英文冒号和空格，再写值":
        "check the indentation; write each key, a colon and a space, then the value",
    "{what}：键 {key!r} 不是文字（是{kind}）": "{what}: key {key!r} is not text (it is {kind})",
    "键只能是 {keys} 之一": "a key must be one of {keys}",
    "{what}：键“{key}”重复（第一次在第 {first} 行）": '{what}: key "{key}" appears twice (first on line {first})',
    "删去其中一个": "remove one of them",
    "{what}：未知的键“{key}”": '{what}: unknown key "{key}"',
    "{what}：键“{key}”没有值": '{what}: key "{key}" has no value',
    "在“{key}:”后写上值": 'write the value after "{key}:"',
    "{what}：缺少必填的键“{key}”": '{what}: the required key "{key}" is missing',
    "添加“{key}: …”（见 docs/checklist-format.md）": 'add "{key}: …" (see docs/checklist-format.md)',
    '给值加上引号，例如 {key}: "{value}"': 'put the value in quotes, e.g. {key}: "{value}"',
    "这里只写一行文字": "write one line of text here",
    "{what}：{key} 应是文字，实际是{kind}": "{what}: {key} should be text, but is {kind}",
    "{what}：{key} 不能为空": "{what}: {key} must not be empty",
    "在“{key}:”后写上内容，或删去这一行": 'write something after "{key}:", or remove the line',
    "是否应为“{upper}”？{then}": 'did you mean "{upper}"? {then}',
    "{what}：{key}“{value}”格式不对": '{what}: {key} "{value}" is not in the right form',
    "{what}：{key} 的值“{value}”无效": '{what}: "{value}" is not a valid {key}',
    "{what}：{key} 应是列表，实际是{kind}": "{what}: {key} should be a list, but is {kind}",
    "列表的每一项单独一行，以“- ”开头": 'write each entry of a list on its own line, starting with "- "',
    "{what}：{key} 的第 {index} 项应是文字，实际是{kind}": "{what}: {key} entry no. {index} should be text, but is {kind}",
    "写上文字（数字、日期请加引号），或删去这一项": "write text (put numbers and dates in quotes), or remove the entry",
    "{where} 含有不可见的控制字符 U+{char:04X}（第 {position} 个字）":
        "{where} holds an invisible control character U+{char:04X} (character {position})",
    "删除这个字符（常见于从网页或文档复制的文字，或引号内的 \\x 转义）":
        "delete this character (common in text copied from web pages or documents, or a \\x escape in quotes)",
    "{what}：{key} 应是整数，实际是{kind}“{value}”": '{what}: {key} should be an integer, but is {kind} "{value}"',
    "写成不带引号的整数，例如 {key}: 15": "write an integer without quotes, e.g. {key}: 15",
    "{what}：{key} 应是有限的数值，实际是{kind}“{value}”": '{what}: {key} should be a finite number, but is {kind} "{value}"',
    "写成不带引号的数值，例如 {key}: 0.5": "write a number without quotes, e.g. {key}: 0.5",
    "只用小写字母、数字和连字符，以字母开头，2–64 个字符，例如 elevator-user":
        "use only lower-case letters, digits and hyphens, starting with a letter, 2–64 characters, e.g. elevator-user",
    "检查表：sections 是空列表": "Checklist: sections is an empty list",
    "至少写一个章节（id、title、items）": "write at least one section (id, title, items)",
    "{what}“{value}”重复（第一次在第 {first} 行）": '{what}"{value}" appears twice (first on line {first})',
    "每个 id 在检查表内必须唯一；改用新的 id（已发布的 id 不要重新编号）":
        "every id must be unique within the checklist; use a new id (never renumber published ids)",
    "只用小写字母、数字、下划线和连字符，以字母开头，例如 registration":
        "use only lower-case letters, digits, underscores and hyphens, starting with a letter, e.g. registration",
    "{what}：items 是空列表": "{what}: items is an empty list",
    "至少写一个检查项，或删去这个章节": "write at least one item, or remove the section",
    "用大写字母和数字，以连字符分段，例如 EL-01、GEN-03-2":
        "use upper-case letters and digits in parts joined by hyphens, e.g. EL-01, GEN-03-2",
    "{what}：没有 check_points": "{what}: no check_points",
    "列出现场要看的证件、记录和部位，便于逐项核对":
        "list the certificates, records and parts to look at on site, so they can be checked one by one",
    "{what}：{key} 至少要有一条引用": "{what}: {key} needs at least one citation",
    "写上 instrument（法规名称）和 article（条款）": "write instrument (the law's name) and article (the clause)",
    "{what}：instrument 不要带书名号《》": "{what}: instrument must not carry the title marks 《》",
    "写成 instrument: {name}，打印时会自动加上《》": "write instrument: {name}; 《》 are added when printed",
    "{what}：TSG 安全技术规范不能作为 basis/penalty 引用（条款号未核实）":
        "{what}: a TSG safety technical specification cannot be cited as basis/penalty (its clause numbers are not verified)",
    "在 check_points 中按名称提及，例如“按TSG T7001-2023要求……”":
        'name it in check_points instead, e.g. "as TSG T7001-2023 requires …"',
    "{what}：article“{article}”不是常见的条款写法": '{what}: article "{article}" is not written the usual way',
    "按原文写，例如 第三十三条、第八十三条第（一）项（全角括号）或标准条款 4.6 b)":
        "write it as the text does, e.g. 第三十三条, 第八十三条第（一）项 (full-width brackets) or a standard's clause 4.6 b)",
    '写成 GB 45067-2024 第 4 章的条款，如 "4.6 b)"（小写字母、半角括号，前有空格）':
        'write a clause of GB 45067-2024 chapter 4, such as "4.6 b)" (lower-case letter, half-width bracket, a space before it)',
    "是否应为“{clause} {letter})”？{how}": 'did you mean "{clause} {letter})"? {how}',
    "{what}：gb45067“{value}”格式不对": '{what}: gb45067 "{value}" is not in the right form',
    "{what}：有 gb45067 条款却不是重大隐患": "{what}: has a gb45067 clause but is not a major hazard",
    "GB 45067 条款只用于重大隐患：加上 hazard_level: major，或删去 gb45067":
        "GB 45067 clauses are for major hazards only: add hazard_level: major, or remove gb45067",
    "{what}：立即整改（immediate）不设整改天数": "{what}: immediate rectification has no rectification days",
    "删去 rectification_days，或把 rectification 改为 deadline":
        "remove rectification_days, or change rectification to deadline",
    "{what}：rectification_days 为 {days}，超出 1–365": "{what}: rectification_days is {days}, outside 1–365",
    "写 1 到 365 之间的天数（常用 15 或 30）": "write a number of days from 1 to 365 (15 or 30 are usual)",
    "{what}：choices 中“{text}”重复（第一次在第 {first} 行）": '{what}: "{text}" appears twice in choices (first on line {first})',
    "每个选项只写一次": "write each choice once",
    "{what}：{key} 只用于 kind: number": "{what}: {key} is only for kind: number",
    "删去 {key}，或把 kind 改为 number": "remove {key}, or change kind to number",
    "{what}：choices 只用于 kind: choice": "{what}: choices is only for kind: choice",
    "删去 choices，或把 kind 改为 choice": "remove choices, or change kind to choice",
    "{what}：kind: number 缺少 unit": "{what}: kind: number lacks a unit",
    "加上计量单位，例如 unit: MPa": "add the unit of measurement, e.g. unit: MPa",
    "{what}：min（{min:g}）大于 max（{max:g}）": "{what}: min ({min:g}) is greater than max ({max:g})",
    "交换两个值，或改正其中一个": "swap the two values, or correct one of them",
    "{what}：kind: choice 缺少 choices": "{what}: kind: choice lacks choices",
    "加上选项列表，例如 choices: [完好, 损坏]": "add a list of choices, e.g. choices: [good, damaged]",
    "{what}：choices 是空列表": "{what}: choices is an empty list",
    "至少写两个选项": "write at least two choices",
    "检查项 {id}：问题与第 {line} 行的 {other} 完全相同": "Item {id}: the question is the same as that of {other} on line {line}",
    "合并两项，或写清两者的区别": "merge the two items, or say how they differ",
    "检查项 {id}：gb45067 {clause} 是关于{about}的条款，而检查表适用于{target}":
        "Item {id}: gb45067 {clause} is a clause about {about}, but the checklist is for {target}",
    "核对条款号是否写错": "check that the clause number is right",
}
