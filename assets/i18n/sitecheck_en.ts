<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>Actions</name>
    <message>
        <location filename="../../ui/actions.py" line="78" />
        <source>首页</source>
        <translation>Home</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="79" />
        <source>企业与设备</source>
        <translation>Enterprises</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="79" />
        <source>当前检查</source>
        <translation>Inspection</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="80" />
        <source>搜索…</source>
        <translation>Search…</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="80" />
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="80" />
        <source>重做</source>
        <translation>Redo</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="81" />
        <source>隐患台账</source>
        <translation>Hazard ledger</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="81" />
        <source>未销号隐患</source>
        <translation>Hazards not closed</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="82" />
        <source>逾期隐患</source>
        <translation>Overdue hazards</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="82" />
        <source>导出台账…</source>
        <translation>Export ledger…</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="83" />
        <source>统计与同步</source>
        <translation>Statistics &amp; sync</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="83" />
        <source>导出数据包…</source>
        <translation>Export bundle…</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="84" />
        <source>导入数据包…</source>
        <translation>Import bundles…</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="84" />
        <source>导出下发包…</source>
        <translation>Export pack…</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="85" />
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="85" />
        <source>导入下发包…</source>
        <translation>Import pack…</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="86" />
        <source>使用说明</source>
        <translation>User guide</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="86" />
        <source>关于 SiteCheck</source>
        <translation>About SiteCheck</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="93" />
        <source>在“检查结果与文书”或“复查”中选中一份已出具的文书后可打印</source>
        <translation>Select an issued document under “Findings &amp; documents” or “Re-inspection” to print it</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="94" />
        <source>撤销检查表中的上一次作答（在“当前检查”中可用）</source>
        <translation>Undo the last answer in the checklist (while “Inspection” shows)</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="95" />
        <source>重做撤销的作答（在“当前检查”中可用）</source>
        <translation>Redo an undone answer (while “Inspection” shows)</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="77" />
        <source>载入示例数据…</source>
        <translation>Load sample data…</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="74" />
        <source>新建检查…</source>
        <translation>New inspection…</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="74" />
        <source>打开其他工作区…</source>
        <translation>Open another workspace…</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="75" />
        <source>新建工作区…</source>
        <translation>New workspace…</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="75" />
        <source>导入检查表（Excel）…</source>
        <translation>Import checklist (Excel)…</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="76" />
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="77" />
        <source>设置向导…</source>
        <translation>Set-up wizard…</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="78" />
        <source>退出</source>
        <translation>Quit</translation>
    </message>
</context>
<context>
    <name>AnnotateDialog</name>
    <message>
        <location filename="../../ui/dialogs/annotate.py" line="131" />
        <source>标注照片</source>
        <translation>Annotate photo</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/annotate.py" line="138" />
        <source>箭头</source>
        <translation>Arrow</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/annotate.py" line="138" />
        <source>圆圈</source>
        <translation>Circle</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/annotate.py" line="139" />
        <source>文字</source>
        <translation>Text</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/annotate.py" line="146" />
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
</context>
<context>
    <name>AnswerEditor</name>
    <message>
        <location filename="../../ui/widgets/answer.py" line="98" />
        <source>数值</source>
        <translation>Value</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/answer.py" line="98" />
        <source>填写内容</source>
        <translation>Enter a value</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/answer.py" line="103" />
        <source>（请选择）</source>
        <translation>(choose)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/answer.py" line="150" />
        <source>超出范围（%1）</source>
        <translation>Out of range (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/answer.py" line="152" />
        <source>范围：%1</source>
        <translation>Range: %1</translation>
    </message>
</context>
<context>
    <name>BarChart</name>
    <message>
        <location filename="../../ui/widgets/charts.py" line="100" />
        <source>暂无数据</source>
        <translation>No data</translation>
    </message>
</context>
<context>
    <name>Canvas</name>
    <message>
        <location filename="../../ui/dialogs/annotate.py" line="41" />
        <source>标注文字</source>
        <translation>Annotation text</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/annotate.py" line="41" />
        <source>文字：</source>
        <translation>Text:</translation>
    </message>
</context>
<context>
    <name>ChecklistImportDialog</name>
    <message>
        <location filename="../../ui/dialogs/checklist_import.py" line="63" />
        <source>导入检查表（Excel）</source>
        <translation>Import checklist (Excel)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/checklist_import.py" line="69" />
        <source>局（队）发布的检查表 .xlsx，或 ODK 的 XLSForm</source>
        <translation>A checklist .xlsx published by a bureau, or an ODK XLSForm</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/checklist_import.py" line="70" />
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/checklist_import.py" line="73" />
        <source>如 elevator-bureau（小写字母、数字和连字符）</source>
        <translation>e.g. elevator-bureau (lower-case letters, digits and hyphens)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/checklist_import.py" line="74" />
        <source>如 2026.1</source>
        <translation>e.g. 2026.1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/checklist_import.py" line="75" />
        <source>留空则用表格上方的标题行</source>
        <translation>Leave empty to use the title row above the table</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/checklist_import.py" line="76" />
        <source>留空则取标识各段的首字母，如 EB</source>
        <translation>Leave empty for the initials of the id's parts, e.g. EB</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/checklist_import.py" line="79" />
        <location filename="../../ui/dialogs/checklist_import.py" line="84" />
        <source>（请选择）</source>
        <translation>(choose)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/checklist_import.py" line="85" />
        <source>通用（安全生产综合检查）</source>
        <translation>General (work-safety inspection)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/checklist_import.py" line="88" />
        <source>检查表通常由局机关通过下发包发到各台电脑；这里供局机关制作检查表，或不与局机关同步的单机使用。导入的检查表作为新版本保存，已有检查仍使用原来的版本。XLSForm 的 settings 表可给出标识、版本和名称。</source>
        <translation>Checklists usually reach each laptop in a pack from headquarters; this is for headquarters preparing a checklist, or for a computer that does not sync with headquarters. An imported checklist is kept as a new version; inspections already made keep the version they used. An XLSForm's settings sheet may give the id, version and title.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/checklist_import.py" line="96" />
        <source>Excel 文件</source>
        <translation>Excel file</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/checklist_import.py" line="97" />
        <source>检查表标识</source>
        <translation>Checklist id</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/checklist_import.py" line="98" />
        <source>版本号</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/checklist_import.py" line="99" />
        <source>检查表名称</source>
        <translation>Checklist title</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/checklist_import.py" line="100" />
        <source>所属部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/checklist_import.py" line="101" />
        <source>适用于</source>
        <translation>Applies to</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/checklist_import.py" line="102" />
        <source>检查项编号前缀</source>
        <translation>Item id prefix</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/checklist_import.py" line="110" />
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/checklist_import.py" line="113" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/checklist_import.py" line="133" />
        <source>选择检查表文件</source>
        <translation>Choose the checklist file</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/checklist_import.py" line="134" />
        <source>Excel 工作簿 (*.xlsx *.xlsm)</source>
        <translation>Excel workbooks (*.xlsx *.xlsm)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/checklist_import.py" line="134" />
        <source>所有文件 (*)</source>
        <translation>All files (*)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/checklist_import.py" line="149" />
        <source>请先选择 Excel 文件</source>
        <translation>Choose an Excel file first</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/checklist_import.py" line="155" />
        <source>正在导入检查表…</source>
        <translation>Importing the checklist…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/checklist_import.py" line="164" />
        <source>已导入检查表：%1（%2 %3，%4 项）</source>
        <translation>Checklist imported: %1 (%2 %3, %4 items)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/checklist_import.py" line="179" />
        <source>未导入：发现 %1 个问题，请在 Excel 中改正后再导入</source>
        <translation>Nothing imported: %1 problems found; correct them in Excel and import again</translation>
    </message>
</context>
<context>
    <name>DecisionDialog</name>
    <message>
        <location filename="../../ui/dialogs/decisions.py" line="88" />
        <source>出具%1</source>
        <translation>Issue the %1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/decisions.py" line="93" />
        <source>出具</source>
        <translation>Issue</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/decisions.py" line="95" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/decisions.py" line="114" />
        <source>正在出具文书…</source>
        <translation>Issuing the document…</translation>
    </message>
</context>
<context>
    <name>DelistDialog</name>
    <message>
        <location filename="../../ui/dialogs/supervision.py" line="139" />
        <location filename="../../ui/dialogs/supervision.py" line="158" />
        <source>摘牌</source>
        <translation>Delist</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/supervision.py" line="146" />
        <source>%1 挂牌，督办期限 %2（%3），督办单位：%4</source>
        <translation>Listed %1, deadline %2 (%3), supervised by %4</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/supervision.py" line="144" />
        <source>隐患：%1</source>
        <translation>Hazard: %1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/supervision.py" line="150" />
        <source>摘牌日期</source>
        <translation>Delisting date</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/supervision.py" line="154" />
        <source>整改复查意见书文号等</source>
        <translation>Number of the re-inspection opinion, etc.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/supervision.py" line="155" />
        <source>摘牌依据</source>
        <translation>Basis of delisting</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/supervision.py" line="160" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>DepartmentForm</name>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="58" />
        <source>部门全称</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="59" />
        <source>编号简称</source>
        <translation>Short code</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="59" />
        <source>文书编号括号中的简称，如：莞</source>
        <translation>The short code in brackets in document numbers, e.g. 莞</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="60" />
        <source>本级人民政府</source>
        <translation>People's government (review)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="61" />
        <source>行政诉讼法院</source>
        <translation>Court (litigation)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="58" />
        <source>与公章上的部门全称一致</source>
        <translation>The department's full name, as on its seal</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="60" />
        <source>行政复议机关：本级人民政府的全称</source>
        <translation>Administrative review body: the full name of the people's government at the same level</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="61" />
        <source>管辖行政诉讼的人民法院全称</source>
        <translation>The full name of the court for administrative litigation</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="62" />
        <source>其他复议机关</source>
        <translation>Other review body</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="62" />
        <source>一般不填；法律另有规定时填写</source>
        <translation>Usually empty; only where the law names another body</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="63" />
        <source>部门地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="63" />
        <source>印在文书页脚</source>
        <translation>Printed in the document footer</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="64" />
        <source>部门电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="64" />
        <source>印在文书页脚，如：0769-22223333</source>
        <translation>Printed in the document footer, e.g. 0769-22223333</translation>
    </message>
</context>
<context>
    <name>DocumentPanel</name>
    <message>
        <location filename="../../ui/widgets/documents.py" line="158" />
        <source>打印… (Ctrl+P)</source>
        <translation>Print… (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/documents.py" line="162" />
        <source>另存为 PDF…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/documents.py" line="163" />
        <location filename="../../ui/widgets/documents.py" line="370" />
        <source>更正重开</source>
        <translation>Correct and reissue</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/documents.py" line="164" />
        <source>按当前数据重新出具，取得新编号并取代原文书（原文书保留存档）</source>
        <translation>Issue again from the current data under a new number, superseding this document (the original stays on record)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/documents.py" line="165" />
        <source>记录拒签…</source>
        <translation>Refusal…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/documents.py" line="166" />
        <source>被检查单位负责人拒绝签名：更正重开，在签名处注明拒签情况</source>
        <translation>The unit's responsible person refused to sign: reissue with the refusal noted in the signature place</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/documents.py" line="159" />
        <source>送达回证…</source>
        <translation>Proof of service…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/documents.py" line="160" />
        <source>为所选的一份或多份文书（按住 Ctrl 多选）出具送达回证</source>
        <translation>Issue a proof of service for the selected document(s) (Ctrl+click to select several)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/documents.py" line="173" />
        <source>更多…</source>
        <translation>More…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/documents.py" line="181" />
        <source>已出具的文书</source>
        <translation>Issued documents</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/documents.py" line="240" />
        <source>已被 %1 更正取代</source>
        <translation>Superseded by correction %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/documents.py" line="267" />
        <source>共 %1 页</source>
        <translation>%1 pages</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/documents.py" line="276" />
        <source>正在查找打印机…</source>
        <translation>Looking for printers…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/documents.py" line="327" />
        <source>打印文书</source>
        <translation>Print document</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/documents.py" line="338" />
        <source>正在打印…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/documents.py" line="350" />
        <source>另存为 PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/documents.py" line="371" />
        <source>按当前数据重新出具文书 %1？新文书取得新编号并取代原文书，原文书保留存档。</source>
        <translation>Reissue document %1 from the current data? The new document gets a new number and supersedes it; the original stays on record.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/documents.py" line="391" />
        <source>正在出具文书…</source>
        <translation>Issuing the document…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/documents.py" line="286" />
        <source>%1 %2，共 %3 页</source>
        <translation>%1 %2, %3 pages</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/documents.py" line="307" />
        <location filename="../../ui/widgets/documents.py" line="309" />
        <source>正在发送到打印机…</source>
        <translation>Sending to the printer…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/documents.py" line="313" />
        <source>已发送到打印机 %1（作业 %2）</source>
        <translation>Sent to printer %1 (job %2)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/documents.py" line="321" />
        <source>打印作业没有发出</source>
        <translation>The print job was not sent</translation>
    </message>
</context>
<context>
    <name>DossierDialog</name>
    <message>
        <location filename="../../ui/dialogs/dossier.py" line="43" />
        <source>企业档案（一企一档）</source>
        <translation>Enterprise file</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/dossier.py" line="50" />
        <location filename="../../ui/dialogs/dossier.py" line="81" />
        <source>风险等级</source>
        <translation>Risk colour</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/dossier.py" line="51" />
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/dossier.py" line="51" />
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/dossier.py" line="51" />
        <source>设备注册代码</source>
        <translation>Register code</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/dossier.py" line="52" />
        <source>下次定期检验</source>
        <translation>Next periodic inspection</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/dossier.py" line="53" />
        <source>设备</source>
        <translation>Equipment</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/dossier.py" line="54" />
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/dossier.py" line="54" />
        <source>事项</source>
        <translation>Event</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/dossier.py" line="54" />
        <source>内容</source>
        <translation>Contents</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/dossier.py" line="55" />
        <source>时间线</source>
        <translation>Time line</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/dossier.py" line="56" />
        <source>行政处罚</source>
        <translation>Penalties</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/dossier.py" line="57" />
        <source>打印档案 PDF…</source>
        <translation>Print file as PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/dossier.py" line="79" />
        <source>评定</source>
        <translation>Grade</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/dossier.py" line="82" />
        <source>评定人</source>
        <translation>Graded by</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/dossier.py" line="83" />
        <source>评定理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/dossier.py" line="85" />
        <source>因素</source>
        <translation>Factor</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/dossier.py" line="85" />
        <source>情况</source>
        <translation>Finding</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/dossier.py" line="85" />
        <source>分值</source>
        <translation>Points</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/dossier.py" line="103" />
        <source>立案日期</source>
        <translation>Filing date</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/dossier.py" line="103" />
        <source>处罚决定书文号</source>
        <translation>Decision number</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/dossier.py" line="103" />
        <source>决定日期</source>
        <translation>Decision date</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/dossier.py" line="103" />
        <source>处罚种类</source>
        <translation>Kinds of penalty</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/dossier.py" line="104" />
        <source>罚没金额（元）</source>
        <translation>Amount (yuan)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/dossier.py" line="105" />
        <source>登记行政处罚…</source>
        <translation>Record a penalty…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/dossier.py" line="107" />
        <source>修改所选记录…</source>
        <translation>Edit the selected record…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/dossier.py" line="139" />
        <source>（尚未决定）</source>
        <translation>(not yet decided)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/dossier.py" line="154" />
        <source>检查 %1 次，隐患 %2 项，文书 %3 份，照片 %4 张</source>
        <translation>%1 inspections, %2 hazards, %3 documents, %4 photos</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/dossier.py" line="158" />
        <source>合计 %1 分（据台账计算，供参考，不代替风险等级的评定）</source>
        <translation>Total %1 points (computed from the ledger as a guide; it does not replace the risk grade)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/dossier.py" line="173" />
        <source>风险等级：未评定</source>
        <translation>Risk grade: not graded</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/dossier.py" line="176" />
        <source>风险等级：%1</source>
        <translation>Risk grade: %1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/dossier.py" line="178" />
        <source>评定人 %1，%2；理由：%3</source>
        <translation>Graded by %1 on %2; reason: %3</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/dossier.py" line="181" />
        <source>评定人和理由未记录</source>
        <translation>Who graded it and why is not recorded</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/dossier.py" line="196" />
        <source>打印企业档案</source>
        <translation>Print the enterprise file</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/dossier.py" line="197" />
        <source>企业档案-%1.pdf</source>
        <translation>enterprise-file-%1.pdf</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/dossier.py" line="205" />
        <source>正在生成企业档案…</source>
        <translation>Making the enterprise file…</translation>
    </message>
</context>
<context>
    <name>EnterpriseDialog</name>
    <message>
        <location filename="../../ui/dialogs/enterprise.py" line="20" />
        <source>编辑企业</source>
        <translation>Edit enterprise</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/enterprise.py" line="20" />
        <source>新增企业</source>
        <translation>Add enterprise</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/enterprise.py" line="24" />
        <source>单位名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/enterprise.py" line="24" />
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/enterprise.py" line="25" />
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/enterprise.py" line="25" />
        <source>所在区域</source>
        <translation>District</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/enterprise.py" line="26" />
        <source>法定代表人</source>
        <translation>Legal representative</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/enterprise.py" line="26" />
        <source>职务</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/enterprise.py" line="27" />
        <source>联系人</source>
        <translation>Contact</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/enterprise.py" line="27" />
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/enterprise.py" line="27" />
        <source>行业</source>
        <translation>Industry</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/enterprise.py" line="37" />
        <source>18位，含校验位</source>
        <translation>18 characters, including the check character</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/enterprise.py" line="40" />
        <source>（未确定）</source>
        <translation>(not known)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/enterprise.py" line="45" />
        <source>决定适用的重大事故隐患判定标准：工贸企业重大事故隐患判定标准只适用于冶金、有色、建材、机械、轻工、纺织、烟草、商贸等工贸企业</source>
        <translation>Decides which major-hazard criteria apply: the criteria for industry and trade enterprises (MEM Order No. 10) cover metallurgy, non-ferrous metals, building materials, machinery, light industry, textiles, tobacco and trade only</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/enterprise.py" line="47" />
        <source>企业类别</source>
        <translation>Kind of enterprise</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/enterprise.py" line="50" />
        <source>（未评定）</source>
        <translation>(not rated)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/enterprise.py" line="55" />
        <source>风险等级</source>
        <translation>Risk colour</translation>
    </message>
</context>
<context>
    <name>EnterprisesView</name>
    <message>
        <location filename="../../ui/views/enterprises.py" line="50" />
        <source>搜索单位名称、信用代码、地址或区域…</source>
        <translation>Search name, credit code, address or district…</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="56" />
        <source>单位名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="57" />
        <source>区域</source>
        <translation>District</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="58" />
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="59" />
        <source>联系人</source>
        <translation>Contact</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="60" />
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="61" />
        <source>风险等级</source>
        <translation>Risk colour</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="68" />
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="69" />
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="70" />
        <source>设备注册代码</source>
        <translation>Register code</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="71" />
        <source>使用登记证号</source>
        <translation>Registration certificate no.</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="72" />
        <source>位置</source>
        <translation>Location</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="73" />
        <source>下次定期检验</source>
        <translation>Next periodic inspection</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="86" />
        <source>新增企业</source>
        <translation>Add enterprise</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="87" />
        <source>编辑企业</source>
        <translation>Edit enterprise</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="88" />
        <source>企业档案…</source>
        <translation>Enterprise file…</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="89" />
        <source>新增设备</source>
        <translation>Add equipment</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="90" />
        <source>编辑设备</source>
        <translation>Edit equipment</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="91" />
        <source>对该单位开始检查</source>
        <translation>Inspect this enterprise</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="104" />
        <location filename="../../ui/views/enterprises.py" line="145" />
        <source>设备</source>
        <translation>Equipment</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="115" />
        <source>企业与设备</source>
        <translation>Enterprises</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="144" />
        <source>设备：%1</source>
        <translation>Equipment: %1</translation>
    </message>
</context>
<context>
    <name>EquipmentDialog</name>
    <message>
        <location filename="../../ui/dialogs/equipment.py" line="19" />
        <source>编辑设备</source>
        <translation>Edit equipment</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/equipment.py" line="19" />
        <source>新增设备</source>
        <translation>Add equipment</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/equipment.py" line="28" />
        <source>设备类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/equipment.py" line="29" />
        <source>设备名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/equipment.py" line="29" />
        <source>设备注册代码</source>
        <translation>Register code</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/equipment.py" line="30" />
        <source>使用登记证号</source>
        <translation>Registration certificate no.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/equipment.py" line="30" />
        <source>安装位置</source>
        <translation>Installed at</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/equipment.py" line="31" />
        <source>下次定期检验日期</source>
        <translation>Next periodic inspection date</translation>
    </message>
</context>
<context>
    <name>EquipmentTablesDialog</name>
    <message>
        <location filename="../../ui/dialogs/equipment_tables.py" line="38" />
        <source>受检设备</source>
        <translation>Equipment inspected</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/equipment_tables.py" line="46" />
        <source>勾选本次逐台检查的设备（每种在用设备至少一台），并记录每台的属性。检查表按所选设备逐台列出检查项。</source>
        <translation>Tick the equipment inspected one by one (at least one of each kind in use) and record each one's attributes. The checklist lists its items for each piece selected.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/equipment_tables.py" line="51" />
        <source>设备</source>
        <translation>Equipment</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/equipment_tables.py" line="51" />
        <source>设备代码</source>
        <translation>Registration code</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/equipment_tables.py" line="51" />
        <source>属性</source>
        <translation>Attributes</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/equipment_tables.py" line="61" />
        <source>本单位还没有登记这些种类的设备：请先在“企业与设备”中新增设备。</source>
        <translation>The unit has no equipment of these kinds registered: add it first under “Enterprises”.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/equipment_tables.py" line="86" />
        <source>未记录</source>
        <translation>Not recorded</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/equipment_tables.py" line="98" />
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/equipment_tables.py" line="98" />
        <source>否</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="251" />
        <source>导出数据包（交局机关）</source>
        <translation>Export a bundle (for headquarters)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="257" />
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="259" />
        <source>导出全部记录（默认只导出上次导出后的新记录）</source>
        <translation>Export all records (by default only what changed since the last export)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="265" />
        <source>保存到</source>
        <translation>Save to</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="269" />
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="272" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="280" />
        <source>导出数据包</source>
        <translation>Export bundle</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="291" />
        <source>正在导出数据包…</source>
        <translation>Exporting the bundle…</translation>
    </message>
</context>
<context>
    <name>FindingDetailDialog</name>
    <message>
        <location filename="../../ui/dialogs/finding_detail.py" line="21" />
        <source>隐患详情</source>
        <translation>Hazard details</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/finding_detail.py" line="26" />
        <source>隐患描述</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/finding_detail.py" line="26" />
        <source>单位</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/finding_detail.py" line="27" />
        <source>区域</source>
        <translation>District</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/finding_detail.py" line="27" />
        <source>等级</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/finding_detail.py" line="28" />
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/finding_detail.py" line="28" />
        <source>整改方式</source>
        <translation>Rectification</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/finding_detail.py" line="29" />
        <source>整改期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/finding_detail.py" line="29" />
        <source>检查表</source>
        <comment>one checklist</comment>
        <translation>Checklist</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/finding_detail.py" line="30" />
        <source>检查项</source>
        <translation>Checklist item</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/finding_detail.py" line="30" />
        <source>依据</source>
        <translation>Basis</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/finding_detail.py" line="31" />
        <source>整改措施</source>
        <translation>Remedial measures</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/finding_detail.py" line="31" />
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/finding_detail.py" line="32" />
        <source>发现日期</source>
        <translation>Found on</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/finding_detail.py" line="43" />
        <source>来自%1，只读：复查、挂牌督办只能对本工作区中的隐患办理。</source>
        <translation>From %1, read only: re-inspection and supervision act only on this workspace's hazards.</translation>
    </message>
</context>
<context>
    <name>FindingPanel</name>
    <message>
        <location filename="../../ui/views/walk.py" line="115" />
        <source>隐患</source>
        <translation>Hazard</translation>
    </message>
    <message>
        <location filename="../../ui/views/walk.py" line="132" />
        <source>描述现场发现的问题（位置、情况）</source>
        <translation>Describe what was found (where, what)</translation>
    </message>
    <message>
        <location filename="../../ui/views/walk.py" line="135" />
        <source>隐患等级</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../ui/views/walk.py" line="136" />
        <source>整改方式</source>
        <translation>Rectification</translation>
    </message>
    <message>
        <location filename="../../ui/views/walk.py" line="137" />
        <source>整改期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../ui/views/walk.py" line="138" />
        <source>隐患描述</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../ui/views/walk.py" line="139" />
        <source>状态</source>
        <translation>State</translation>
    </message>
</context>
<context>
    <name>FinishView</name>
    <message>
        <location filename="../../ui/views/finish.py" line="117" />
        <source>返回检查表</source>
        <translation>Back to the checklist</translation>
    </message>
    <message>
        <location filename="../../ui/views/finish.py" line="128" />
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../ui/views/finish.py" line="128" />
        <source>等级</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../ui/views/finish.py" line="128" />
        <source>隐患描述</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../ui/views/finish.py" line="129" />
        <source>整改方式</source>
        <translation>Rectification</translation>
    </message>
    <message>
        <location filename="../../ui/views/finish.py" line="129" />
        <source>整改期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../ui/views/finish.py" line="129" />
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../ui/views/finish.py" line="145" />
        <source>出具现场检查记录</source>
        <translation>Issue the inspection record</translation>
    </message>
    <message>
        <location filename="../../ui/views/finish.py" line="147" />
        <source>出具指令书</source>
        <translation>Issue the order</translation>
    </message>
    <message>
        <location filename="../../ui/views/finish.py" line="148" />
        <source>当场整改销号</source>
        <translation>Fixed on the spot: close</translation>
    </message>
    <message>
        <location filename="../../ui/views/finish.py" line="149" />
        <source>所选“立即整改”隐患已当场整改完毕，直接销号</source>
        <translation>The selected “rectify immediately” hazard was fixed on the spot: close it</translation>
    </message>
    <message>
        <location filename="../../ui/views/finish.py" line="150" />
        <source>询问笔录…</source>
        <translation>Interview record…</translation>
    </message>
    <message>
        <location filename="../../ui/views/finish.py" line="151" />
        <source>录入询问的问答（自动保存草稿），出具询问笔录</source>
        <translation>Enter the questions and answers of an interview (saved as a draft as you type), then issue the interview record</translation>
    </message>
    <message>
        <location filename="../../ui/views/finish.py" line="152" />
        <source>更多文书…</source>
        <translation>More documents…</translation>
    </message>
    <message>
        <location filename="../../ui/views/finish.py" line="153" />
        <source>签名…</source>
        <translation>Sign…</translation>
    </message>
    <message>
        <location filename="../../ui/views/finish.py" line="154" />
        <source>执法人员和被检查单位负责人在屏幕上签名，出具文书时印在签名处</source>
        <translation>The inspectors and the unit's responsible person sign on screen; the signatures print in their places when the document is issued</translation>
    </message>
    <message>
        <location filename="../../ui/views/finish.py" line="160" />
        <source>%1…</source>
        <translation>%1…</translation>
    </message>
    <message>
        <location filename="../../ui/views/finish.py" line="218" />
        <source>检查结果与文书</source>
        <translation>Findings &amp; documents</translation>
    </message>
    <message>
        <location filename="../../ui/views/finish.py" line="222" />
        <source>出具%1</source>
        <translation>Issue the %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/finish.py" line="235" />
        <source>正在准备照片…</source>
        <translation>Preparing photos…</translation>
    </message>
    <message>
        <location filename="../../ui/views/finish.py" line="256" />
        <source>检查 %1 项：符合 %2，不符合 %3，不适用 %4；发现隐患 %5 项（%7 %6 项）</source>
        <translation>%1 items checked: %2 compliant, %3 not compliant, %4 not applicable; %5 hazards found (%7: %6)</translation>
    </message>
    <message>
        <location filename="../../ui/views/finish.py" line="291" />
        <source>出具现场检查记录前，须先对下列%1作出处理：</source>
        <translation>Before the inspection record is issued, these hazards (%1) need an order or a decision:</translation>
    </message>
    <message>
        <location filename="../../ui/views/finish.py" line="294" />
        <source>第 %1 项隐患的描述仍是自动填写的占位文字，出具文书前请回到检查表写明查见的问题</source>
        <translation>The description of hazard No. %1 is still the text filled in automatically: go back to the checklist and describe what was found before issuing documents</translation>
    </message>
    <message>
        <location filename="../../ui/views/finish.py" line="313" />
        <source>没有尚未下达指令的隐患；如需更正已出具的指令书，请选中它后点“更正重开”</source>
        <translation>No hazard is waiting for an order; to correct an issued order, select it and press “Correct and reissue”</translation>
    </message>
    <message>
        <location filename="../../ui/views/finish.py" line="371" />
        <source>正在出具文书…</source>
        <translation>Issuing the document…</translation>
    </message>
</context>
<context>
    <name>GuideDialog</name>
    <message>
        <location filename="../../ui/dialogs/guide.py" line="34" />
        <source>使用说明</source>
        <translation>User guide</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/guide.py" line="52" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>HeadquartersView</name>
    <message>
        <location filename="../../ui/views/hq.py" line="122" />
        <source>汇总统计与同步</source>
        <translation>Statistics and sync</translation>
    </message>
    <message>
        <location filename="../../ui/views/hq.py" line="126" />
        <source>按区域</source>
        <translation>By district</translation>
    </message>
    <message>
        <location filename="../../ui/views/hq.py" line="126" />
        <source>按企业</source>
        <translation>By enterprise</translation>
    </message>
    <message>
        <location filename="../../ui/views/hq.py" line="127" />
        <source>按设备类别</source>
        <translation>By equipment type</translation>
    </message>
    <message>
        <location filename="../../ui/views/hq.py" line="127" />
        <source>按执法人员</source>
        <translation>By inspector</translation>
    </message>
    <message>
        <location filename="../../ui/views/hq.py" line="128" />
        <source>按月份</source>
        <translation>By month</translation>
    </message>
    <message>
        <location filename="../../ui/views/hq.py" line="132" />
        <source>按期间统计</source>
        <translation>Limit to the period</translation>
    </message>
    <message>
        <location filename="../../ui/views/hq.py" line="152" />
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../ui/views/hq.py" line="156" />
        <source>导入数据包…</source>
        <translation>Import bundles…</translation>
    </message>
    <message>
        <location filename="../../ui/views/hq.py" line="157" />
        <source>导出数据包…</source>
        <translation>Export bundle…</translation>
    </message>
    <message>
        <location filename="../../ui/views/hq.py" line="158" />
        <source>年度计划与抽查…</source>
        <translation>Annual plan and draw…</translation>
    </message>
    <message>
        <location filename="../../ui/views/hq.py" line="159" />
        <source>导出下发包…</source>
        <translation>Export pack…</translation>
    </message>
    <message>
        <location filename="../../ui/views/hq.py" line="160" />
        <source>导入下发包…</source>
        <translation>Import pack…</translation>
    </message>
    <message>
        <location filename="../../ui/views/hq.py" line="161" />
        <source>导出台账…</source>
        <translation>Export ledger…</translation>
    </message>
    <message>
        <location filename="../../ui/views/hq.py" line="162" />
        <source>导出报表…</source>
        <translation>Export report…</translation>
    </message>
    <message>
        <location filename="../../ui/views/hq.py" line="170" />
        <source>局机关数据库</source>
        <translation>Headquarters database</translation>
    </message>
    <message>
        <location filename="../../ui/views/hq.py" line="173" />
        <source>留空则使用本工作区；或 postgresql://用户@主机/数据库</source>
        <translation>Empty: this workspace; or postgresql://user@host/database</translation>
    </message>
    <message>
        <location filename="../../ui/views/hq.py" line="177" />
        <source>连接</source>
        <translation>Connect</translation>
    </message>
    <message>
        <location filename="../../ui/views/hq.py" line="187" />
        <source>检查次数</source>
        <translation>Inspections</translation>
    </message>
    <message>
        <location filename="../../ui/views/hq.py" line="187" />
        <location filename="../../ui/views/hq.py" line="195" />
        <source>排查隐患</source>
        <translation>Hazards found</translation>
    </message>
    <message>
        <location filename="../../ui/views/hq.py" line="187" />
        <source>重大隐患</source>
        <translation>Major</translation>
    </message>
    <message>
        <location filename="../../ui/views/hq.py" line="187" />
        <source>已整改</source>
        <translation>Rectified</translation>
    </message>
    <message>
        <location filename="../../ui/views/hq.py" line="188" />
        <location filename="../../ui/views/hq.py" line="196" />
        <source>已销号</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../ui/views/hq.py" line="188" />
        <location filename="../../ui/views/hq.py" line="197" />
        <source>逾期未改</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../ui/views/hq.py" line="188" />
        <location filename="../../ui/views/hq.py" line="199" />
        <location filename="../../ui/views/hq.py" line="200" />
        <source>销号率</source>
        <translation>Closure rate</translation>
    </message>
    <message>
        <location filename="../../ui/views/hq.py" line="194" />
        <source>隐患与整改</source>
        <translation>Hazards and rectification</translation>
    </message>
    <message>
        <location filename="../../ui/views/hq.py" line="279" />
        <source>%1 至 %2 合计</source>
        <translation>%1 to %2</translation>
    </message>
    <message>
        <location filename="../../ui/views/hq.py" line="281" />
        <source>：检查 %1 次，排查隐患 %2 项（重大隐患 %3 项），已整改 %4 项，已销号 %5 项，逾期未改 %6 项，销号率 %7</source>
        <translation>: %1 inspections, %2 hazards found (%3 major), %4 rectified, %5 closed, %6 overdue, closure rate %7</translation>
    </message>
    <message>
        <location filename="../../ui/views/hq.py" line="146" />
        <source>统计口径</source>
        <translation>Group</translation>
    </message>
    <message>
        <location filename="../../ui/views/hq.py" line="255" />
        <source>正在统计…</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <location filename="../../ui/views/hq.py" line="279" />
        <source>全部合计</source>
        <translation>All records</translation>
    </message>
    <message>
        <location filename="../../ui/views/hq.py" line="323" />
        <source>导出下发包</source>
        <translation>Export pack</translation>
    </message>
    <message>
        <location filename="../../ui/views/hq.py" line="328" />
        <source>正在导出下发包…</source>
        <translation>Writing the pack…</translation>
    </message>
    <message>
        <location filename="../../ui/views/hq.py" line="329" />
        <source>已导出下发包：%1</source>
        <translation>Pack written: %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/hq.py" line="356" />
        <source>正在导出台账…</source>
        <translation>Exporting the ledger…</translation>
    </message>
    <message>
        <location filename="../../ui/views/hq.py" line="362" />
        <source>导出报表</source>
        <translation>Export report</translation>
    </message>
    <message>
        <location filename="../../ui/views/hq.py" line="363" />
        <source>统计报表-%1-%2.xlsx</source>
        <translation>report-%1-%2.xlsx</translation>
    </message>
    <message>
        <location filename="../../ui/views/hq.py" line="370" />
        <source>正在导出报表…</source>
        <translation>Exporting the report…</translation>
    </message>
    <message>
        <location filename="../../ui/views/hq.py" line="371" />
        <source>已导出报表：%1</source>
        <translation>Report exported: %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/hq.py" line="374" />
        <source>已导出台账 %1 条</source>
        <translation>Ledger exported: %1 rows</translation>
    </message>
</context>
<context>
    <name>HomeView</name>
    <message>
        <location filename="../../ui/views/home.py" line="84" />
        <source>现场检查</source>
        <translation>On-site inspection</translation>
    </message>
    <message>
        <location filename="../../ui/views/home.py" line="86" />
        <source>新建检查 (Ctrl+N)</source>
        <translation>New inspection (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../ui/views/home.py" line="108" />
        <source>最近的检查</source>
        <translation>Recent inspections</translation>
    </message>
    <message>
        <location filename="../../ui/views/home.py" line="109" />
        <source>待整改与逾期隐患</source>
        <translation>Open and overdue hazards</translation>
    </message>
    <message>
        <location filename="../../ui/views/home.py" line="110" />
        <source>临近或超期定期检验的设备</source>
        <translation>Equipment due for periodic inspection</translation>
    </message>
    <message>
        <location filename="../../ui/views/home.py" line="124" />
        <source>正在统计…</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <location filename="../../ui/views/home.py" line="134" />
        <source>局机关数据库 %1：</source>
        <translation>Headquarters database %1: </translation>
    </message>
    <message>
        <location filename="../../ui/views/home.py" line="136" />
        <source>（局机关数据库无法读取，以下为本工作区）</source>
        <translation>(The headquarters database cannot be read; this workspace's figures:) </translation>
    </message>
    <message>
        <location filename="../../ui/views/home.py" line="145" />
        <source>未销号隐患 %1 项（其中重大隐患 %2 项），逾期未整改 %3 项，已销号 %4 项</source>
        <translation>%1 hazards not closed (%2 major), %3 overdue, %4 closed</translation>
    </message>
    <message>
        <location filename="../../ui/views/home.py" line="150" />
        <source>；挂牌督办 %1 项（逾期督办 %2 项）</source>
        <translation>; %1 under supervision (%2 overdue)</translation>
    </message>
    <message>
        <location filename="../../ui/views/home.py" line="154" />
        <source>（进行中）</source>
        <translation> (in progress)</translation>
    </message>
    <message>
        <location filename="../../ui/views/home.py" line="160" />
        <source>逾期督办 </source>
        <translation>Supervision overdue </translation>
    </message>
    <message>
        <location filename="../../ui/views/home.py" line="160" />
        <source>督办到期 </source>
        <translation>Supervision due </translation>
    </message>
    <message>
        <location filename="../../ui/views/home.py" line="167" />
        <source>逾期 </source>
        <translation>Overdue </translation>
    </message>
    <message>
        <location filename="../../ui/views/home.py" line="176" />
        <source>还没有检查。按 Ctrl+N 新建检查；想先熟悉程序，可在“设置”中载入示例数据。</source>
        <translation>No inspections yet. Press Ctrl+N to start one; to try the program first, load sample data in Settings.</translation>
    </message>
    <message>
        <location filename="../../ui/views/home.py" line="178" />
        <source>没有待整改的隐患。</source>
        <translation>No hazards awaiting rectification.</translation>
    </message>
    <message>
        <location filename="../../ui/views/home.py" line="179" />
        <source>没有30天内到期的定期检验。</source>
        <translation>No periodic inspection due within 30 days.</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="127" />
        <source>导入数据包</source>
        <translation>Import bundles</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="127" />
        <source>导入局机关下发包</source>
        <translation>Import headquarters pack</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="132" />
        <source>选择数据包文件…</source>
        <translation>Choose bundle files…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="137" />
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="137" />
        <source>设备</source>
        <translation>Equipment</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="137" />
        <source>密钥指纹</source>
        <translation>Key fingerprint</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="138" />
        <source>内容</source>
        <translation>Contents</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="138" />
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="141" />
        <source>我已与执法人员核对上列未登记设备的密钥指纹，信任这些设备</source>
        <translation>I have checked the key fingerprints of the unregistered devices above with the inspectors; trust these devices</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="150" />
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="153" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="167" />
        <source>选择数据包</source>
        <translation>Choose bundles</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="178" />
        <source>正在校验数据包…</source>
        <translation>Verifying bundles…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="189" />
        <source>已登记</source>
        <translation>Registered</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="189" />
        <source>未登记设备，需确认</source>
        <translation>Unregistered device: confirm</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="217" />
        <source>未导入任何内容：</source>
        <translation>Nothing was imported: </translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="228" />
        <source>正在导入数据包…</source>
        <translation>Importing bundles…</translation>
    </message>
</context>
<context>
    <name>InspectorDialog</name>
    <message>
        <location filename="../../ui/dialogs/new_inspection.py" line="55" />
        <source>新增执法人员</source>
        <translation>Add inspector</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_inspection.py" line="57" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_inspection.py" line="59" />
        <source>执法证号</source>
        <translation>Certificate no.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_inspection.py" line="72" />
        <source>请填写执法人员姓名</source>
        <translation>Enter the inspector's name</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_inspection.py" line="74" />
        <source>请填写执法证号</source>
        <translation>Enter the enforcement certificate number</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_inspection.py" line="77" />
        <source>该执法证号已在执法人员名单中</source>
        <translation>This certificate number is already in the list of inspectors</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_inspection.py" line="78" />
        <source>请在名单中勾选该执法人员</source>
        <translation>Tick that inspector in the list</translation>
    </message>
</context>
<context>
    <name>InspectorTable</name>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="104" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="104" />
        <source>执法证号</source>
        <translation>Certificate no.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="108" />
        <source>添加执法人员</source>
        <translation>Add inspector</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="111" />
        <source>删除所选</source>
        <translation>Remove selected</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="149" />
        <source>第 %1 行的姓名和执法证号都必须填写</source>
        <translation>Row %1 needs both a name and a certificate number</translation>
    </message>
</context>
<context>
    <name>InterviewDialog</name>
    <message>
        <location filename="../../ui/dialogs/interview.py" line="61" />
        <source>询问笔录</source>
        <translation>Interview record</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/interview.py" line="79" />
        <source>被检查单位主要负责人</source>
        <translation>Head of the inspected unit</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/interview.py" line="79" />
        <source>被检查单位安全管理人员</source>
        <translation>Safety manager of the inspected unit</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/interview.py" line="80" />
        <source>从业人员</source>
        <translation>Employee</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/interview.py" line="80" />
        <source>证人</source>
        <translation>Witness</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/interview.py" line="82" />
        <source>如：看清楚了，不申请回避。</source>
        <translation>e.g. 看清楚了，不申请回避。 (seen; no recusal requested)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/interview.py" line="85" />
        <source>问</source>
        <translation>Question</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/interview.py" line="85" />
        <source>答</source>
        <translation>Answer</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/interview.py" line="108" />
        <source>询问时间（起止）</source>
        <translation>Interview time (start, end)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/interview.py" line="108" />
        <source>询问地点</source>
        <translation>Interview place</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/interview.py" line="109" />
        <source>询问人 / 记录人</source>
        <translation>Interviewer / recorder</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/interview.py" line="109" />
        <source>询问事由</source>
        <translation>Subject of the interview</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/interview.py" line="110" />
        <source>被询问人姓名</source>
        <translation>Name of the person questioned</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/interview.py" line="110" />
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/interview.py" line="111" />
        <source>身份证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/interview.py" line="111" />
        <source>工作单位</source>
        <translation>Work unit</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/interview.py" line="112" />
        <source>职务</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/interview.py" line="112" />
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/interview.py" line="112" />
        <source>住址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/interview.py" line="113" />
        <source>与本案关系</source>
        <translation>Relation to the case</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/interview.py" line="113" />
        <source>对出示证件、回避告知的回答</source>
        <translation>Answer to the credentials and recusal notice</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/interview.py" line="120" />
        <source>添加问答</source>
        <translation>Add question</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/interview.py" line="121" />
        <source>删除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/interview.py" line="122" />
        <source>上移</source>
        <translation>Move up</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/interview.py" line="123" />
        <source>下移</source>
        <translation>Move down</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/interview.py" line="130" />
        <source>出具询问笔录</source>
        <translation>Issue interview record</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/interview.py" line="232" />
        <source>正在出具文书…</source>
        <translation>Issuing the document…</translation>
    </message>
</context>
<context>
    <name>LedgerModel</name>
    <message>
        <location filename="../../ui/models/ledger.py" line="55" />
        <source>发现日期</source>
        <translation>Found on</translation>
    </message>
    <message>
        <location filename="../../ui/models/ledger.py" line="55" />
        <source>单位</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <location filename="../../ui/models/ledger.py" line="55" />
        <source>区域</source>
        <translation>District</translation>
    </message>
    <message>
        <location filename="../../ui/models/ledger.py" line="55" />
        <source>等级</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../ui/models/ledger.py" line="56" />
        <source>隐患描述</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../ui/models/ledger.py" line="56" />
        <source>整改方式</source>
        <translation>Rectification</translation>
    </message>
    <message>
        <location filename="../../ui/models/ledger.py" line="56" />
        <source>整改期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../ui/models/ledger.py" line="57" />
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../ui/models/ledger.py" line="57" />
        <source>检查表</source>
        <translation>Checklists</translation>
    </message>
    <message>
        <location filename="../../ui/models/ledger.py" line="105" />
        <source>正在计数…</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <location filename="../../ui/models/ledger.py" line="188" />
        <source>%1，督办期限 %2</source>
        <translation>%1, deadline %2</translation>
    </message>
    <message>
        <location filename="../../ui/models/ledger.py" line="212" />
        <source>（逾期督办）</source>
        <translation> (supervision overdue)</translation>
    </message>
    <message>
        <location filename="../../ui/models/ledger.py" line="212" />
        <source>（督办）</source>
        <translation> (supervised)</translation>
    </message>
    <message>
        <location filename="../../ui/models/ledger.py" line="220" />
        <source>（逾期）</source>
        <translation> (overdue)</translation>
    </message>
</context>
<context>
    <name>LedgerView</name>
    <message>
        <location filename="../../ui/views/ledger.py" line="54" />
        <source>全部状态</source>
        <translation>All states</translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="55" />
        <source>未销号</source>
        <translation>Not closed</translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="58" />
        <source>全部等级</source>
        <translation>All levels</translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="61" />
        <source>仅逾期</source>
        <translation>Overdue only</translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="63" />
        <source>督办：全部</source>
        <translation>Supervision: any</translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="64" />
        <source>挂牌督办中</source>
        <translation>Under supervision</translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="66" />
        <source>全部单位</source>
        <translation>All enterprises</translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="67" />
        <source>全部区域</source>
        <translation>All districts</translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="68" />
        <source>全部检查表</source>
        <translation>All checklists</translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="71" />
        <source>描述、备注或单位名称包含…</source>
        <translation>Description, note or unit name contains…</translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="102" />
        <source>复查所选隐患…</source>
        <translation>Re-inspect selected…</translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="104" />
        <location filename="../../ui/views/ledger.py" line="264" />
        <source>对所选隐患所在的检查进行复查，出具整改复查意见书并销号</source>
        <translation>Re-inspect the inspection of the selected hazard, issue the re-inspection opinion and close</translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="106" />
        <location filename="../../ui/views/ledger.py" line="260" />
        <source>挂牌督办…</source>
        <translation>Supervise…</translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="108" />
        <location filename="../../ui/views/ledger.py" line="265" />
        <source>对所选重大隐患挂牌督办；已挂牌的，经复查销号后摘牌</source>
        <translation>Put the selected major hazard under supervision; once a re-inspection has closed a supervised hazard, delist it</translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="110" />
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="112" />
        <source>重新读取台账（例如其他文员刚导入的数据包）</source>
        <translation>Read the ledger again (e.g. bundles another clerk has just imported)</translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="115" />
        <source>导出台账…</source>
        <translation>Export ledger…</translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="117" />
        <source>按当前筛选条件导出为 Excel 或 CSV</source>
        <translation>Export with the current filters as Excel or CSV</translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="133" />
        <source>隐患台账</source>
        <translation>Hazard ledger</translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="194" />
        <source>局机关数据库 %1</source>
        <translation>Headquarters database %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="195" />
        <source>本工作区</source>
        <translation>This workspace</translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="231" />
        <source>未能读取台账</source>
        <translation>Could not read the ledger</translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="233" />
        <source>共 %1 项</source>
        <translation>%1 findings</translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="235" />
        <source>约 %1 项</source>
        <translation>about %1 findings</translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="237" />
        <source>正在计数…</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="260" />
        <source>摘牌…</source>
        <translation>Delist…</translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="267" />
        <source>台账显示的是局机关数据库（只读）：复查、挂牌督办和摘牌只能对本工作区中的隐患办理，请在 统计与同步 清空局机关数据库地址后进行</source>
        <translation>The ledger shows the headquarters database (read only): re-inspection, supervision and delisting act only on this workspace's hazards; clear the headquarters database address in Statistics &amp; sync first</translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="309" />
        <source>正在导出台账…</source>
        <translation>Exporting the ledger…</translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="312" />
        <source>已导出 %1 条</source>
        <translation>%1 rows exported</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/mainwindow.py" line="137" />
        <source>SiteCheck 现场检查</source>
        <translation>SiteCheck on-site inspection</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="138" />
        <source>首页</source>
        <translation>Home</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="139" />
        <source>首页</source>
        <comment>short navigation label</comment>
        <translation>Home</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="140" />
        <source>企业与设备</source>
        <translation>Enterprises</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="142" />
        <source>企业</source>
        <comment>short navigation label</comment>
        <translation>Firms</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="143" />
        <source>当前检查</source>
        <translation>Inspection</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="144" />
        <source>检查</source>
        <comment>short navigation label</comment>
        <translation>Inspect</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="145" />
        <source>隐患台账</source>
        <translation>Hazard ledger</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="146" />
        <source>台账</source>
        <comment>short navigation label</comment>
        <translation>Ledger</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="147" />
        <source>统计与同步</source>
        <translation>Statistics &amp; sync</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="149" />
        <source>统计</source>
        <comment>short navigation label</comment>
        <translation>Stats</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="150" />
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="151" />
        <source>设置</source>
        <comment>short navigation label</comment>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="152" />
        <source>检查结果与文书</source>
        <translation>Findings &amp; documents</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="154" />
        <source>复查</source>
        <translation>Re-inspection</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="255" />
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="258" />
        <source>检查(&amp;I)</source>
        <translation>&amp;Inspection</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="260" />
        <source>台账(&amp;L)</source>
        <translation>&amp;Ledger</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="262" />
        <source>同步(&amp;S)</source>
        <translation>&amp;Sync</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="264" />
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="388" />
        <source>关于 SiteCheck</source>
        <translation>About SiteCheck</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="389" />
        <source>SiteCheck 现场检查 %1
供应急管理和市场监管（特种设备）执法人员使用的离线现场检查程序。

工作区：%2</source>
        <translation>SiteCheck on-site inspection %1
An offline inspection program for emergency-management and market-regulation (special equipment) inspectors.

Workspace: %2</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="462" />
        <source>检查已完成</source>
        <translation>Inspection finished</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="496" />
        <source>已打开工作区 %1</source>
        <translation>Opened workspace %1</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="512" />
        <source>将向当前工作区添加示例企业、设备和约 %1 次检查（含隐患、照片），便于熟悉程序。示例数据会与本工作区中的真实数据混在一起，且不能一键删除。</source>
        <translation>Sample enterprises, equipment and about %1 inspections (with hazards and photos) will be added to the current workspace to help you get to know the program. They mix with the real data in this workspace and cannot be removed in one step.</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="513" />
        <source>载入示例数据</source>
        <translation>Load sample data</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="516" />
        <source>建议先在“设置”中“新建工作区…”，再在新工作区中载入。
当前工作区：%1</source>
        <translation>Better create a new workspace first (Settings, “New workspace…”) and load them there.
Current workspace: %1</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="518" />
        <source>载入到当前工作区</source>
        <translation>Load into this workspace</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="526" />
        <source>正在生成示例企业、检查和照片…</source>
        <translation>Generating sample enterprises, inspections and photos…</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="532" />
        <source>正在载入示例数据…</source>
        <translation>Loading sample data…</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="547" />
        <source>已载入示例数据：%1</source>
        <translation>Sample data loaded: %1</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="557" />
        <source>后台处理中…</source>
        <translation>Working in the background…</translation>
    </message>
</context>
<context>
    <name>MeasureDialog</name>
    <message>
        <location filename="../../ui/dialogs/decisions.py" line="131" />
        <source>勾选要采取现场处理措施的重大事故隐患，选择措施并写明对象（停止使用的设施、设备，停止的作业活动，撤出人员的区域，停产停业的车间或场所）。</source>
        <translation>Tick the major accident hazards that call for on-site measures, choose the measure and name what it applies to (the facility or equipment to stop using, the activity to stop, the area to leave, the workshop or site to suspend).</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/decisions.py" line="136" />
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/decisions.py" line="136" />
        <source>隐患描述</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/decisions.py" line="136" />
        <source>现场处理措施</source>
        <translation>On-site measure</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/decisions.py" line="137" />
        <source>对象</source>
        <translation>Applies to</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/decisions.py" line="169" />
        <source>如：1号配电柜、有限空间作业、喷涂车间</source>
        <translation>e.g. switch cabinet no. 1, confined-space work, paint shop</translation>
    </message>
</context>
<context>
    <name>NewInspectionDialog</name>
    <message>
        <location filename="../../ui/dialogs/new_inspection.py" line="87" />
        <source>新建检查</source>
        <translation>New inspection</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_inspection.py" line="98" />
        <source>新增企业…</source>
        <translation>Add enterprise…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_inspection.py" line="100" />
        <source>被检查单位</source>
        <translation>Enterprise inspected</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_inspection.py" line="104" />
        <source>（未确定）</source>
        <translation>(not known)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_inspection.py" line="107" />
        <source>决定检查项的隐患级别：工贸企业重大事故隐患判定标准只适用于工贸企业</source>
        <translation>Decides the hazard level of items: the major-hazard criteria for industry and trade enterprises apply to those enterprises only</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_inspection.py" line="108" />
        <source>企业类别</source>
        <translation>Kind of enterprise</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_inspection.py" line="111" />
        <source>设备</source>
        <translation>Equipment</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_inspection.py" line="120" />
        <source>检查表</source>
        <translation>Checklists</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_inspection.py" line="125" />
        <source>检查方式</source>
        <translation>Mode</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_inspection.py" line="130" />
        <source>计划任务</source>
        <translation>Plan task</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_inspection.py" line="134" />
        <source>（请选择）</source>
        <translation>(choose)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_inspection.py" line="139" />
        <source>如：2026年度电梯安全监督检查计划、投诉举报编号</source>
        <translation>e.g. 2026 elevator inspection plan, complaint number</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_inspection.py" line="140" />
        <source>任务来源</source>
        <translation>Task source</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_inspection.py" line="147" />
        <source>新增执法人员…</source>
        <translation>Add inspector…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_inspection.py" line="149" />
        <source>执法人员</source>
        <translation>Inspectors</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_inspection.py" line="156" />
        <source>开始时间</source>
        <translation>Start time</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_inspection.py" line="164" />
        <source>开始检查</source>
        <translation>Start inspection</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_inspection.py" line="177" />
        <source>（不针对具体设备）</source>
        <translation>(no particular equipment)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_inspection.py" line="191" />
        <source>（不属于计划任务）</source>
        <translation>(not a plan task)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_inspection.py" line="266" />
        <source>请选择被检查单位</source>
        <translation>Choose the enterprise to inspect</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_inspection.py" line="267" />
        <source>或点“新增企业…”</source>
        <translation>or click “Add enterprise…”</translation>
    </message>
</context>
<context>
    <name>NewPlanDialog</name>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="84" />
        <source>新建年度计划</source>
        <translation>New annual plan</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="87" />
        <source>%1年度双随机抽查计划</source>
        <translation>%1 random inspection plan</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="90" />
        <source>计划名称</source>
        <translation>Plan title</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="94" />
        <source>公示部门</source>
        <translation>Published by</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="97" />
        <source>计划开始日期</source>
        <translation>First day</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="98" />
        <source>计划结束日期</source>
        <translation>Last day</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="100" />
        <source>抽查比例</source>
        <translation>Share drawn</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="102" />
        <source>每组执法人员数</source>
        <translation>Inspectors per team</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="111" />
        <source>全部检查的风险等级</source>
        <translation>Risk colours always inspected</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="113" />
        <location filename="../../ui/dialogs/plan.py" line="115" />
        <source>留空为全部；多个用逗号分隔</source>
        <translation>Empty for all; separate several with commas</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="116" />
        <source>区域</source>
        <translation>District</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="117" />
        <source>行业</source>
        <translation>Industry</translation>
    </message>
</context>
<context>
    <name>Ops</name>
    <message>
        <location filename="../../ui/ops.py" line="281" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>PadDialog</name>
    <message>
        <location filename="../../ui/dialogs/signing.py" line="50" />
        <source>请用手写笔、手指或鼠标在框内签名</source>
        <translation>Sign in the box with a pen, a finger or the mouse</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/signing.py" line="51" />
        <source>撤销一笔</source>
        <translation>Undo stroke</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/signing.py" line="52" />
        <source>清除</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/signing.py" line="57" />
        <source>完成</source>
        <translation>Finish</translation>
    </message>
</context>
<context>
    <name>PenaltyDialog</name>
    <message>
        <location filename="../../ui/dialogs/penalty.py" line="25" />
        <source>登记行政处罚</source>
        <translation>Record a penalty</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/penalty.py" line="25" />
        <source>修改行政处罚记录</source>
        <translation>Edit a penalty record</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/penalty.py" line="33" />
        <source>未决定的留空，如 2026-12-31</source>
        <translation>empty until decided, e.g. 2026-12-31</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/penalty.py" line="43" />
        <source>元，如 12000.50</source>
        <translation>yuan, e.g. 12000.50</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/penalty.py" line="45" />
        <source>所属检查</source>
        <translation>Inspection</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/penalty.py" line="46" />
        <source>立案日期</source>
        <translation>Filing date</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/penalty.py" line="47" />
        <source>处罚决定书文号</source>
        <translation>Decision number</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/penalty.py" line="48" />
        <source>处罚决定日期</source>
        <translation>Decision date</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/penalty.py" line="49" />
        <source>处罚种类</source>
        <translation>Kinds of penalty</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/penalty.py" line="50" />
        <source>罚没金额（元）</source>
        <translation>Amount (yuan)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/penalty.py" line="51" />
        <source>备注</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>PhotoStrip</name>
    <message>
        <location filename="../../ui/widgets/photos.py" line="86" />
        <source>照片说明（回车保存）</source>
        <translation>Caption (Enter saves)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/photos.py" line="88" />
        <source>添加照片… (P)</source>
        <translation>Add photos… (P)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/photos.py" line="89" />
        <source>标注…</source>
        <translation>Annotate…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/photos.py" line="90" />
        <source>删除照片</source>
        <translation>Remove photo</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/photos.py" line="102" />
        <source>可将照片文件拖放到此处</source>
        <translation>Photo files can be dropped here</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/photos.py" line="130" />
        <source>已标注：文书附件使用标注后的照片，原图保留在工作区</source>
        <translation>Annotated: documents print this version; the original is kept in the workspace</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/photos.py" line="155" />
        <source>选择照片</source>
        <translation>Choose photos</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/photos.py" line="164" />
        <source>正在导入照片…</source>
        <translation>Importing photos…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/photos.py" line="172" />
        <source>%1 张照片未能导入</source>
        <translation>%1 photos could not be imported</translation>
    </message>
</context>
<context>
    <name>PlanDialog</name>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="142" />
        <source>年度计划与双随机抽查</source>
        <translation>Annual plan and random draw</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="146" />
        <source>新建计划…</source>
        <translation>New plan…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="154" />
        <location filename="../../ui/dialogs/plan.py" line="181" />
        <source>抽取</source>
        <translation>Draw</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="155" />
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="155" />
        <location filename="../../ui/dialogs/plan.py" line="204" />
        <source>被检查单位</source>
        <translation>Enterprise inspected</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="155" />
        <source>区域</source>
        <translation>District</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="156" />
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="156" />
        <source>执法人员</source>
        <translation>Inspectors</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="156" />
        <source>进度</source>
        <translation>Progress</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="157" />
        <source>任务</source>
        <translation>Tasks</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="158" />
        <source>回避声明</source>
        <translation>Declared conflicts</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="172" />
        <source>抽取日期</source>
        <translation>Draw date</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="174" />
        <source>如：抽取前一交易日上证指数收盘值</source>
        <translation>e.g. the SSE index close of the trading day before the draw</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="175" />
        <source>公开随机值</source>
        <translation>Public random value</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="177" />
        <source>抽取人</source>
        <translation>Drawn by</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="179" />
        <source>计算公示哈希</source>
        <translation>Hashes to publish</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="183" />
        <source>导出抽取记录与公示…</source>
        <translation>Export record and PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="204" />
        <source>执法证号</source>
        <translation>Certificate no.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="204" />
        <location filename="../../ui/dialogs/plan.py" line="209" />
        <source>回避理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="210" />
        <source>登记</source>
        <translation>Declare</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="212" />
        <source>撤回所选</source>
        <translation>Withdraw selected</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="244" />
        <source>还没有计划：请先新建计划</source>
        <translation>No plan yet: create one first</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="248" />
        <source>任务 %1 项，已开始 %2 项，已完成 %3 项</source>
        <translation>%1 tasks, %2 started, %3 done</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="256" />
        <source>已于 %1 抽取（抽取人：%2，公开随机值：%3）。记录文件 SHA-256：%4</source>
        <translation>Drawn on %1 (by %2, public value: %3). Record file SHA-256: %4</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="263" />
        <source>抽取前请公示候选企业名单、执法人员名单的哈希，并事先指明将采用的公开随机值。</source>
        <translation>Before the draw, publish the hashes of the candidate and inspector lists, and name in advance the public value to be used.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="270" />
        <source>已完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="270" />
        <source>已开始</source>
        <translation>Started</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="271" />
        <source>未开始</source>
        <translation>Not started</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="315" />
        <source>候选企业 %1 家，执法人员 %2 名。请在抽取前公示：</source>
        <translation>%1 candidate enterprises, %2 inspectors. Publish before the draw:</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="317" />
        <source>候选企业名单</source>
        <translation>Candidate list</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="317" />
        <source>执法人员名单</source>
        <translation>Inspector list</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="318" />
        <source>上次检查组</source>
        <translation>Last teams</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="318" />
        <source>抽取参数</source>
        <translation>Draw parameters</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="329" />
        <source>正在抽取…</source>
        <translation>Drawing…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="340" />
        <source>导出抽取记录与公示</source>
        <translation>Export the draw record and publication</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="341" />
        <source>双随机抽取记录-%1.json</source>
        <translation>random-draw-record-%1.json</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="342" />
        <source>抽取记录 (*.json)</source>
        <translation>Draw record (*.json)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="352" />
        <source>正在导出抽取记录与公示…</source>
        <translation>Exporting the draw record and publication…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/plan.py" line="354" />
        <source>已导出：%1 与 %2</source>
        <translation>Written: %1 and %2</translation>
    </message>
</context>
<context>
    <name>PrintDialog</name>
    <message>
        <location filename="../../ui/dialogs/print_dialog.py" line="19" />
        <source>打印文书</source>
        <translation>Print document</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_dialog.py" line="32" />
        <source>双面打印（长边翻页）</source>
        <translation>Print on both sides (flip on long edge)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_dialog.py" line="37" />
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_dialog.py" line="40" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_dialog.py" line="45" />
        <source>打印机</source>
        <translation>Printer</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_dialog.py" line="46" />
        <source>份数</source>
        <translation>Copies</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_dialog.py" line="54" />
        <source>（默认）</source>
        <translation> (default)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_dialog.py" line="56" />
        <source>（暂停接收作业）</source>
        <translation> (not accepting jobs)</translation>
    </message>
</context>
<context>
    <name>RefusalBox</name>
    <message>
        <location filename="../../ui/widgets/refusal.py" line="43" />
        <source>被检查单位负责人拒绝签名</source>
        <translation>Unit refused to sign</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/refusal.py" line="47" />
        <source>注明情况，如：经宣读记录内容后，现场负责人拒绝签名</source>
        <translation>What happened, e.g. after the record was read out, the site manager refused to sign</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/refusal.py" line="49" />
        <source>见证人姓名及身份（必要时）</source>
        <translation>Witness's name and role (where needed)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/refusal.py" line="51" />
        <source>拒绝签名的人的姓名、职务</source>
        <translation>Name and post of the person who refused</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/refusal.py" line="52" />
        <source>已拍照、录音或录像记录</source>
        <translation>Photographed, sound- or video-recorded</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/refusal.py" line="55" />
        <source>关联证据文件…</source>
        <translation>Link evidence file…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/refusal.py" line="56" />
        <source>选择拒签的照片、录像或录音原始文件：记录其 SHA-256，文件不复制</source>
        <translation>Choose the original photo, video or sound file of the refusal: its SHA-256 is recorded, the file is not copied</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/refusal.py" line="61" />
        <source>拒签人</source>
        <translation>Refused by</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/refusal.py" line="62" />
        <source>情况说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/refusal.py" line="63" />
        <source>见证人</source>
        <translation>Witness</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/refusal.py" line="93" />
        <source>选择拒签的证据文件</source>
        <translation>Choose the evidence file of the refusal</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/refusal.py" line="94" />
        <source>照片、录像或录音 (*.jpg *.jpeg *.png *.heic *.webp *.mp4 *.mov *.avi *.3gp *.mkv *.m4v *.mts *.wav *.m4a *.mp3 *.amr *.aac)</source>
        <translation>Photos, videos or sound (*.jpg *.jpeg *.png *.heic *.webp *.mp4 *.mov *.avi *.3gp *.mkv *.m4v *.mts *.wav *.m4a *.mp3 *.amr *.aac)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/refusal.py" line="110" />
        <source>正在计算证据文件的 SHA-256…</source>
        <translation>Computing the SHA-256 of the evidence file…</translation>
    </message>
</context>
<context>
    <name>RefusalDialog</name>
    <message>
        <location filename="../../ui/widgets/refusal.py" line="131" />
        <source>记录拒签并更正</source>
        <translation>Record refusal and correct</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/refusal.py" line="133" />
        <source>文书 %1 将按当前数据重新出具，取得新编号并在签名处注明拒签情况；原文书保留存档。</source>
        <translation>Document %1 will be reissued from the current data under a new number, with the refusal noted in the signature place; the original stays on file.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/refusal.py" line="140" />
        <source>更正</source>
        <translation>Correct</translation>
    </message>
</context>
<context>
    <name>ReinspectionView</name>
    <message>
        <location filename="../../ui/views/reinspection.py" line="124" />
        <source>已收到整改报告，收到日期：</source>
        <translation>Report received on:</translation>
    </message>
    <message>
        <location filename="../../ui/views/reinspection.py" line="146" />
        <source>（请选择）</source>
        <translation>(choose)</translation>
    </message>
    <message>
        <location filename="../../ui/views/reinspection.py" line="147" />
        <source>已整改（销号）</source>
        <translation>Rectified (close)</translation>
    </message>
    <message>
        <location filename="../../ui/views/reinspection.py" line="148" />
        <source>部分整改</source>
        <translation>Partly rectified</translation>
    </message>
    <message>
        <location filename="../../ui/views/reinspection.py" line="149" />
        <source>未整改</source>
        <translation>Not rectified</translation>
    </message>
    <message>
        <location filename="../../ui/views/reinspection.py" line="154" />
        <source>复查情况，如：已更换安全阀并校验合格</source>
        <translation>What was found, e.g. safety valve replaced and calibrated</translation>
    </message>
    <message>
        <location filename="../../ui/views/reinspection.py" line="162" />
        <source>复查意见</source>
        <translation>Opinion</translation>
    </message>
    <message>
        <location filename="../../ui/views/reinspection.py" line="163" />
        <source>复查情况</source>
        <translation>Findings</translation>
    </message>
    <message>
        <location filename="../../ui/views/reinspection.py" line="164" />
        <source>新的整改期限</source>
        <translation>New deadline</translation>
    </message>
    <message>
        <location filename="../../ui/views/reinspection.py" line="165" />
        <source>原检查照片</source>
        <translation>Photos from the inspection</translation>
    </message>
    <message>
        <location filename="../../ui/views/reinspection.py" line="165" />
        <source>复查照片</source>
        <translation>Re-inspection photos</translation>
    </message>
    <message>
        <location filename="../../ui/views/reinspection.py" line="179" />
        <source>出具整改复查意见书</source>
        <translation>Issue the re-inspection opinion</translation>
    </message>
    <message>
        <location filename="../../ui/views/reinspection.py" line="219" />
        <source>复查</source>
        <translation>Re-inspection</translation>
    </message>
    <message>
        <location filename="../../ui/views/reinspection.py" line="220" />
        <source>原检查 %1</source>
        <translation>inspected %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/reinspection.py" line="223" />
        <source>原指令书：%1</source>
        <translation>Order: %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/reinspection.py" line="224" />
        <source>原检查尚未出具指令书：请先在原检查的“检查结果与文书”中出具指令书</source>
        <translation>No order was issued for the inspection: issue it first under “Findings &amp; documents” of that inspection</translation>
    </message>
    <message>
        <location filename="../../ui/views/reinspection.py" line="265" />
        <source>待复查</source>
        <translation>to review</translation>
    </message>
    <message>
        <location filename="../../ui/views/reinspection.py" line="277" />
        <source>已给出意见 %1 / %2 项</source>
        <translation>Decided %1 of %2</translation>
    </message>
    <message>
        <location filename="../../ui/views/reinspection.py" line="290" />
        <source>本次复查没有待复查的隐患</source>
        <translation>Nothing left to review in this re-inspection</translation>
    </message>
    <message>
        <location filename="../../ui/views/reinspection.py" line="343" />
        <source>正在出具整改复查意见书…</source>
        <translation>Issuing the re-inspection opinion…</translation>
    </message>
</context>
<context>
    <name>ReleaseDialog</name>
    <message>
        <location filename="../../ui/dialogs/decisions.py" line="287" />
        <source>“事故隐患已消除”须经复查销号（整改复查意见书）；“期限届满”须在查封（扣押）期限届满之后。</source>
        <translation>“Hazard removed” needs the hazards closed by a re-inspection (re-inspection opinion); “Term expired” only after the sealing term has ended.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/decisions.py" line="291" />
        <source>查封（扣押）决定书</source>
        <translation>Sealing (seizure) decision</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/decisions.py" line="292" />
        <source>解除理由</source>
        <translation>Reason for the release</translation>
    </message>
</context>
<context>
    <name>SearchDialog</name>
    <message>
        <location filename="../../ui/dialogs/search.py" line="57" />
        <source>搜索</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/search.py" line="61" />
        <source>单位名称、信用代码、地址，设备代码、类别、位置，隐患描述或检查项…</source>
        <translation>Enterprise name, credit code, address; equipment code, type, location; hazard or checklist item…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/search.py" line="72" />
        <location filename="../../ui/dialogs/search.py" line="120" />
        <source>输入文字开始搜索</source>
        <translation>Type to search</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/search.py" line="74" />
        <source>↑ ↓ 选择　Enter 打开　Esc 关闭</source>
        <translation>↑ ↓ choose   Enter open   Esc close</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/search.py" line="98" />
        <source>正在搜索…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/search.py" line="108" />
        <source>企业单位</source>
        <translation>Enterprises</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/search.py" line="109" />
        <source>设备</source>
        <translation>Equipment</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/search.py" line="110" />
        <source>发现的隐患</source>
        <translation>Hazards</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/search.py" line="122" />
        <source>没有找到“%1”</source>
        <translation>Nothing found for “%1”</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/search.py" line="124" />
        <source>找到 %1 项</source>
        <translation>%1 found</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/search.py" line="144" />
        <source>仅列出前 %1 项，请输入更多文字缩小范围</source>
        <translation>Only the first %1 are listed: type more to narrow the search</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/search.py" line="160" />
        <source>检查项：%1</source>
        <translation>Checklist item: %1</translation>
    </message>
</context>
<context>
    <name>SeizureDialog</name>
    <message>
        <location filename="../../ui/dialogs/decisions.py" line="202" />
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/decisions.py" line="202" />
        <source>使用登记证号（编号）</source>
        <translation>Registration no.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/decisions.py" line="202" />
        <source>存放地点</source>
        <translation>Location</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/decisions.py" line="203" />
        <source>数量</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/decisions.py" line="203" />
        <source>封条编号</source>
        <translation>Seal numbers</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/decisions.py" line="208" />
        <source>添加一行</source>
        <translation>Add a row</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/decisions.py" line="211" />
        <source>删除所选行</source>
        <translation>Delete selected rows</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/decisions.py" line="220" />
        <source>查封（扣押）的理由（勾选隐患）：</source>
        <translation>Grounds for sealing (tick the hazards):</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/decisions.py" line="222" />
        <source>查封（扣押）清单（每项须填数量和封条编号）：</source>
        <translation>List of sealed items (each needs a quantity and seal numbers):</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/decisions.py" line="225" />
        <source>查封（扣押）期限</source>
        <translation>Sealing term</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/decisions.py" line="235" />
        <source> 日</source>
        <translation> days</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/decisions.py" line="240" />
        <source>自决定作出之日的次日起计算，不超过30日（行政强制法第二十五条）</source>
        <translation>counted from the day after the decision, at most 30 days (Administrative Compulsion Law, art. 25)</translation>
    </message>
</context>
<context>
    <name>ServiceDialog</name>
    <message>
        <location filename="../../ui/dialogs/service.py" line="61" />
        <source>送达回证</source>
        <translation>Proof of service</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/service.py" line="78" />
        <source>如：执法记录仪全程录像、现场拍照</source>
        <translation>e.g. body-camera video, photos</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/service.py" line="79" />
        <source>受送达人已签订确认书，同意电子送达</source>
        <translation>The recipient signed a consent to electronic service</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/service.py" line="81" />
        <source>送达地点</source>
        <translation>Place of service</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/service.py" line="81" />
        <source>代收人</source>
        <translation>Received on behalf by</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/service.py" line="81" />
        <source>代收理由</source>
        <translation>Reason for receiving on behalf</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/service.py" line="82" />
        <source>拒收情况</source>
        <translation>Refusal</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/service.py" line="82" />
        <source>见证人（姓名、单位）</source>
        <translation>Witness (name, unit)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/service.py" line="83" />
        <source>记录方式（拍照、录像）</source>
        <translation>Recorded by (photos, video)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/service.py" line="83" />
        <source>邮件号码</source>
        <translation>Postal tracking number</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/service.py" line="84" />
        <source>电子送达地址</source>
        <translation>Electronic address</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/service.py" line="84" />
        <source>受委托机关</source>
        <translation>Entrusted authority</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/service.py" line="84" />
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/service.py" line="86" />
        <source>送达的文书</source>
        <translation>Documents served</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/service.py" line="87" />
        <source>送达方式</source>
        <translation>Method of service</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/service.py" line="88" />
        <source>送达时间</source>
        <translation>Time of service</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/service.py" line="94" />
        <source>出具送达回证</source>
        <translation>Issue proof of service</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/service.py" line="129" />
        <source>正在出具文书…</source>
        <translation>Issuing the document…</translation>
    </message>
</context>
<context>
    <name>SettingsView</name>
    <message>
        <location filename="../../ui/views/settings.py" line="59" />
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="77" />
        <source>执法人员</source>
        <translation>Inspectors</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="87" />
        <source>文书编号前缀</source>
        <translation>Document number prefix</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="61" />
        <source>设置向导…</source>
        <translation>Set-up wizard…</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="70" />
        <source>应急管理部门</source>
        <translation>Emergency management department</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="71" />
        <source>市场监督管理部门（特种设备）</source>
        <translation>Market regulation department (special equipment)</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="80" />
        <source>本机名称</source>
        <translation>Device name</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="86" />
        <source>区分各台设备的编号，如 A07-（可不填）</source>
        <translation>Tells this device's numbers apart, e.g. A07- (optional)</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="93" />
        <source>选择印章图片…</source>
        <translation>Choose seal image…</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="101" />
        <source>印章图片</source>
        <translation>Seal image</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="106" />
        <source>界面语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="107" />
        <source>（内存中）</source>
        <translation>(in memory)</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="110" />
        <source>打开数据文件夹</source>
        <translation>Open the data folder</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="119" />
        <source>打开其他工作区…</source>
        <translation>Open another workspace…</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="120" />
        <source>新建工作区…</source>
        <translation>New workspace…</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="121" />
        <source>载入示例数据…</source>
        <translation>Load sample data…</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="126" />
        <source>数据文件</source>
        <translation>Data file</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="129" />
        <source>执法部门（文书抬头、编号简称、复议与诉讼告知、页脚）</source>
        <translation>Issuing departments (document heading, number code, appeal notice, footer)</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="141" />
        <source>保存设置</source>
        <translation>Save settings</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="167" />
        <source>有未保存的更改（离开本页时自动保存）</source>
        <translation>Unsaved changes (saved when you leave this page)</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="173" />
        <source>打开其他工作区</source>
        <translation>Open another workspace</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="174" />
        <source>SiteCheck 工作区 (*.sitecheck);;所有文件 (*)</source>
        <translation>SiteCheck workspaces (*.sitecheck);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="182" />
        <source>新建工作区</source>
        <translation>New workspace</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="183" />
        <source>SiteCheck 工作区 (*.sitecheck)</source>
        <translation>SiteCheck workspaces (*.sitecheck)</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="210" />
        <source>尚未命名（现为“本机”）</source>
        <translation>Not named yet (now “本机”)</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="225" />
        <location filename="../../ui/views/settings.py" line="251" />
        <source>设置已保存</source>
        <translation>Settings saved</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="234" />
        <source>选择印章图片</source>
        <translation>Choose the seal image</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="235" />
        <source>PNG 图片 (*.png)</source>
        <translation>PNG images (*.png)</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="305" />
        <source>设置未保存</source>
        <translation>Settings not saved</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="306" />
        <source>离开“设置”时未能保存更改：有的项目不符合要求。</source>
        <translation>Your changes could not be saved when you left Settings: some entries are not valid.</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="308" />
        <source>更改仍保留在“设置”页中，请回到该页按标红的提示改正后保存。</source>
        <translation>The changes are still on the Settings page: go back, correct the entries marked in red and save.</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="182" />
        <source>设置向导</source>
        <translation>Set-up</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="185" />
        <source>&lt; 上一步</source>
        <translation>&lt; Back</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="186" />
        <source>下一步 &gt;</source>
        <translation>Next &gt;</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="187" />
        <source>完成</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="188" />
        <source>稍后设置</source>
        <translation>Later</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="208" />
        <source>如：执法一队-张三的笔记本</source>
        <translation>e.g. Team 1 – Zhang San's laptop</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="209" />
        <location filename="../../ui/dialogs/setup_wizard.py" line="222" />
        <source>本机名称</source>
        <translation>Device name</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="211" />
        <source>欢迎使用 SiteCheck 现场检查</source>
        <translation>Welcome to SiteCheck</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="212" />
        <source>文书上的执法部门、复议机关和法院都由您设置，程序不预置任何地区。请选择本机出具文书所属的执法部门（可多选）。</source>
        <translation>The issuing department, review body and court on documents are yours to set: the program presets no region. Choose the departments this device issues documents for (one or both).</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="216" />
        <source>文书抬头、编号简称、复议与诉讼告知和页脚都取自这里。</source>
        <translation>The document heading, the number's short code, the appeal notice and the footer come from here.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="219" />
        <source>执法人员</source>
        <translation>Inspectors</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="219" />
        <source>现场检查须两名以上执法人员，请填写姓名和执法证号。</source>
        <translation>An inspection needs two or more inspectors: enter their names and certificate numbers.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="222" />
        <source>总部凭此名称区分各台设备（现在所有设备都叫“本机”）。</source>
        <translation>Headquarters tells devices apart by this name (until now every device is called “本机”).</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="251" />
        <source>请至少选择一个执法部门。</source>
        <translation>Choose at least one department.</translation>
    </message>
</context>
<context>
    <name>SigningDialog</name>
    <message>
        <location filename="../../ui/dialogs/signing.py" line="87" />
        <source>现场签名</source>
        <translation>Sign on screen</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/signing.py" line="94" />
        <source>签名在出具该文书时印在其签名处，并注明签名时间；不在屏幕上签名的，打印后在纸上签名。</source>
        <translation>Signatures print in their places, with the time, when the document is issued; whoever does not sign on screen signs the printed copy.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/signing.py" line="124" />
        <location filename="../../ui/dialogs/signing.py" line="147" />
        <source>签名…</source>
        <translation>Sign…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/signing.py" line="125" />
        <source>撤回签名</source>
        <translation>Withdraw</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/signing.py" line="145" />
        <source>已签名 %1</source>
        <translation>Signed %1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/signing.py" line="145" />
        <source>未签名</source>
        <translation>Not signed</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/signing.py" line="147" />
        <source>重签…</source>
        <translation>Sign again…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/signing.py" line="155" />
        <source>%1 %2 签名</source>
        <translation>%1 %2 signs</translation>
    </message>
</context>
<context>
    <name>SuperviseDialog</name>
    <message>
        <location filename="../../ui/dialogs/supervision.py" line="71" />
        <source>挂牌督办</source>
        <translation>Supervision</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/supervision.py" line="80" />
        <source>隐患：%1</source>
        <translation>Hazard: %1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/supervision.py" line="82" />
        <source>督办单位</source>
        <translation>Supervising department</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/supervision.py" line="83" />
        <source>挂牌日期</source>
        <translation>Listing date</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/supervision.py" line="86" />
        <source>督办期限</source>
        <translation>Supervision deadline</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/supervision.py" line="87" />
        <source>同时出具挂牌督办通知书</source>
        <translation>Issue the supervision notice as well</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/supervision.py" line="92" />
        <source>挂牌</source>
        <translation>List</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/supervision.py" line="94" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/supervision.py" line="119" />
        <source>正在挂牌督办…</source>
        <translation>Putting under supervision…</translation>
    </message>
</context>
<context>
    <name>WalkView</name>
    <message>
        <location filename="../../ui/views/walk.py" line="228" />
        <location filename="../../ui/views/walk.py" line="752" />
        <source>完成检查</source>
        <translation>Finish inspection</translation>
    </message>
    <message>
        <location filename="../../ui/views/walk.py" line="231" />
        <source>受检设备…</source>
        <translation>Equipment inspected…</translation>
    </message>
    <message>
        <location filename="../../ui/views/walk.py" line="233" />
        <source>选择逐台检查的设备，记录每台的属性</source>
        <translation>Select the equipment inspected one by one and record its attributes</translation>
    </message>
    <message>
        <location filename="../../ui/views/walk.py" line="236" />
        <source>检查结果与文书</source>
        <translation>Findings &amp; documents</translation>
    </message>
    <message>
        <location filename="../../ui/views/walk.py" line="245" />
        <source>没有进行中的检查。新建检查（Ctrl+N），或在首页、隐患台账中打开一次检查。</source>
        <translation>No inspection in progress. Start one (Ctrl+N), or open one from Home or the hazard ledger.</translation>
    </message>
    <message>
        <location filename="../../ui/views/walk.py" line="299" />
        <source>备注（N）</source>
        <translation>Note (N)</translation>
    </message>
    <message>
        <location filename="../../ui/views/walk.py" line="377" />
        <source>尚未选择受检的%1：每种在用设备至少选择一台（“受检设备…”）</source>
        <translation>No %1 selected yet: select at least one of each kind in use (Equipment inspected…)</translation>
    </message>
    <message>
        <location filename="../../ui/views/walk.py" line="510" />
        <source>企业类别未确定</source>
        <translation>kind of enterprise not known</translation>
    </message>
    <message>
        <location filename="../../ui/views/walk.py" line="514" />
        <source>适用范围：本项适用于%1，本企业为%2</source>
        <translation>Scope: this item applies to %1; this enterprise: %2</translation>
    </message>
    <message>
        <location filename="../../ui/views/walk.py" line="518" />
        <source>隐患级别：对%1判定为重大事故隐患；本企业（%2）按%3登记</source>
        <translation>Hazard level: major for %1; recorded here (%2) as %3</translation>
    </message>
    <message>
        <location filename="../../ui/views/walk.py" line="534" />
        <source>受检设备：</source>
        <translation>Equipment: </translation>
    </message>
    <message>
        <location filename="../../ui/views/walk.py" line="538" />
        <source>隐患判定：</source>
        <translation>Hazard grading: </translation>
    </message>
    <message>
        <location filename="../../ui/views/walk.py" line="656" />
        <source>已撤回 %1 的隐患（Ctrl+Z 撤销）</source>
        <translation>Hazard of %1 withdrawn (Ctrl+Z to undo)</translation>
    </message>
    <message>
        <location filename="../../ui/views/walk.py" line="753" />
        <source>本次检查有 %1 项%2尚未作出处理决定，仍然完成检查？</source>
        <translation>%1 hazards of the level “%2” have no order or decision yet. Finish the inspection anyway?</translation>
    </message>
    <message>
        <location filename="../../ui/views/walk.py" line="756" />
        <source>完成后在“检查结果与文书”中先出具上述文书，再出具现场检查记录。</source>
        <translation>After finishing, issue these documents under “Findings &amp; documents” first, then the inspection record.</translation>
    </message>
    <message>
        <location filename="../../ui/views/walk.py" line="757" />
        <source>仍然完成检查</source>
        <translation>Finish anyway</translation>
    </message>
    <message>
        <location filename="../../ui/views/walk.py" line="759" />
        <source>返回检查</source>
        <translation>Back to the checklist</translation>
    </message>
    <message>
        <location filename="../../ui/views/walk.py" line="540" />
        <source>依据：</source>
        <translation>Basis: </translation>
    </message>
    <message>
        <location filename="../../ui/views/walk.py" line="568" />
        <source>数值超出范围，建议判定为不符合</source>
        <translation>The value is out of range: consider “Non-compliant”</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../ui/app.py" line="38" />
        <source>上次使用的工作区 %1 已不存在或无法打开（可能已被移动、删除，或所在的U盘未插入），已改为打开默认工作区。可在“设置”中用“打开其他工作区…”重新选择。</source>
        <translation>The workspace used last time, %1, is missing or cannot be opened (moved, deleted, or on a USB stick that is not plugged in), so the default workspace was opened. Choose it again in Settings with “Open another workspace…”.</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="156" />
        <source>已打开默认工作区</source>
        <translation>Default workspace opened</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="181" />
        <source>无法打开工作区</source>
        <translation>Cannot open the workspace</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../../ui/errors.py" line="81" />
        <source>发生了意外错误，操作未完成。详细信息已记录到日志文件 sitecheck.log。</source>
        <translation>An unexpected error occurred; nothing was completed. Details were written to sitecheck.log.</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="91" />
        <source>无法完成操作</source>
        <translation>Cannot complete the operation</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="93" />
        <source>意外错误</source>
        <translation>Unexpected error</translation>
    </message>
</context>
<context>
    <name>gaps</name>
    <message>
        <location filename="../../ui/widgets/gaps.py" line="24" />
        <source>《%1》</source>
        <translation>“%1”</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/gaps.py" line="25" />
        <source>或</source>
        <translation> or </translation>
    </message>
    <message>
        <location filename="../../ui/widgets/gaps.py" line="26" />
        <source>第%1项 %2 — 请出具%3</source>
        <translation>No. %1 %2 — issue %3</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/gaps.py" line="29" />
        <source>，或当场整改完毕后“当场整改销号”</source>
        <translation>, or once fixed on the spot use “Fixed on the spot: close”</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <location filename="../../ui/views/hq.py" line="94" />
        <source>导出台账</source>
        <translation>Export ledger</translation>
    </message>
</context>
<context>
    <name>setup</name>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="44" />
        <source>应急管理部门</source>
        <translation>Emergency management department</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="45" />
        <source>市场监督管理部门（特种设备）</source>
        <translation>Market regulation department (special equipment)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="299" />
        <source>打开设置向导…</source>
        <translation>Open the set-up…</translation>
    </message>
</context>
<context>
    <name>sync</name>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="39" />
        <source>SiteCheck 数据包 (*.scbundle)</source>
        <translation>SiteCheck bundles (*.scbundle)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="40" />
        <source>旧版数据包 (*.sitecheck *.zip)</source>
        <translation>Bundles of older versions (*.sitecheck *.zip)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="41" />
        <source>SiteCheck 局机关下发包 (*.scpack)</source>
        <translation>SiteCheck headquarters packs (*.scpack)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="42" />
        <source>旧版下发包 (*.sitecheck *.zip)</source>
        <translation>Packs of older versions (*.sitecheck *.zip)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="51" />
        <source>所有文件 (*)</source>
        <translation>All files (*)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="54" />
        <source>检查</source>
        <translation>inspections</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="54" />
        <source>隐患</source>
        <translation>Hazard</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="55" />
        <source>照片</source>
        <translation>photos</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="55" />
        <source>文书</source>
        <translation>documents</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="56" />
        <source>检查表</source>
        <translation>Checklists</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="57" />
        <source>企业</source>
        <translation>enterprises</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="58" />
        <source>设备</source>
        <translation>Equipment</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sync.py" line="59" />
        <source>编号段</source>
        <translation>number blocks</translation>
    </message>
</context>
<context>
    <name>view</name>
    <message>
        <location filename="../../ui/views/walk.py" line="88" />
        <source>答题 %1</source>
        <translation>Answer %1</translation>
    </message>
</context>
</TS>