<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>Actions</name>
    <message>
        <location filename="../../ui/actions.py" line="24" />
        <source>新建检查</source>
        <translation>New inspection</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="25" />
        <source>首页</source>
        <translation>Home</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="26" />
        <source>企业与设备</source>
        <translation>Enterprises</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="27" />
        <source>当前检查</source>
        <translation>Inspection</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="28" />
        <source>隐患台账</source>
        <translation>Hazard ledger</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="29" />
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="30" />
        <source>退出</source>
        <translation>Quit</translation>
    </message>
</context>
<context>
    <name>AnnotateDialog</name>
    <message>
        <location filename="../../ui/dialogs/annotate.py" line="99" />
        <source>标注照片</source>
        <translation>Annotate photo</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/annotate.py" line="106" />
        <source>箭头</source>
        <translation>Arrow</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/annotate.py" line="106" />
        <source>圆圈</source>
        <translation>Circle</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/annotate.py" line="107" />
        <source>文字</source>
        <translation>Text</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/annotate.py" line="114" />
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
</context>
<context>
    <name>Canvas</name>
    <message>
        <location filename="../../ui/dialogs/annotate.py" line="34" />
        <source>标注文字</source>
        <translation>Annotation text</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/annotate.py" line="34" />
        <source>文字：</source>
        <translation>Text:</translation>
    </message>
</context>
<context>
    <name>EnterpriseDialog</name>
    <message>
        <location filename="../../ui/dialogs/enterprise.py" line="22" />
        <source>编辑企业</source>
        <translation>Edit enterprise</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/enterprise.py" line="22" />
        <source>新增企业</source>
        <translation>Add enterprise</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/enterprise.py" line="26" />
        <source>单位名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/enterprise.py" line="26" />
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/enterprise.py" line="27" />
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/enterprise.py" line="27" />
        <source>所在区域</source>
        <translation>District</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/enterprise.py" line="28" />
        <source>法定代表人</source>
        <translation>Legal representative</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/enterprise.py" line="28" />
        <source>职务</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/enterprise.py" line="29" />
        <source>联系人</source>
        <translation>Contact</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/enterprise.py" line="29" />
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/enterprise.py" line="29" />
        <source>行业</source>
        <translation>Industry</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/enterprise.py" line="39" />
        <source>18位，含校验位</source>
        <translation>18 characters, including the check character</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/enterprise.py" line="42" />
        <source>（未评定）</source>
        <translation>(not rated)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/enterprise.py" line="47" />
        <source>风险等级</source>
        <translation>Risk colour</translation>
    </message>
</context>
<context>
    <name>EnterprisesView</name>
    <message>
        <location filename="../../ui/views/enterprises.py" line="41" />
        <source>搜索单位名称、信用代码、地址或区域…</source>
        <translation>Search name, credit code, address or district…</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="47" />
        <source>单位名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="48" />
        <source>区域</source>
        <translation>District</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="49" />
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="50" />
        <source>联系人</source>
        <translation>Contact</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="51" />
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="52" />
        <source>风险等级</source>
        <translation>Risk colour</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="59" />
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="60" />
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="61" />
        <source>设备注册代码</source>
        <translation>Register code</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="62" />
        <source>使用登记证号</source>
        <translation>Registration certificate no.</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="63" />
        <source>位置</source>
        <translation>Location</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="64" />
        <source>下次定期检验</source>
        <translation>Next periodic inspection</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="74" />
        <source>新增企业</source>
        <translation>Add enterprise</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="75" />
        <source>编辑企业</source>
        <translation>Edit enterprise</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="76" />
        <source>新增设备</source>
        <translation>Add equipment</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="77" />
        <source>编辑设备</source>
        <translation>Edit equipment</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="78" />
        <source>对该单位开始检查</source>
        <translation>Inspect this enterprise</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="92" />
        <location filename="../../ui/views/enterprises.py" line="131" />
        <source>设备</source>
        <translation>Equipment</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="101" />
        <source>企业与设备</source>
        <translation>Enterprises</translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="130" />
        <source>设备：%1</source>
        <translation>Equipment: %1</translation>
    </message>
</context>
<context>
    <name>EquipmentDialog</name>
    <message>
        <location filename="../../ui/dialogs/equipment.py" line="21" />
        <source>编辑设备</source>
        <translation>Edit equipment</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/equipment.py" line="21" />
        <source>新增设备</source>
        <translation>Add equipment</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/equipment.py" line="30" />
        <source>设备类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/equipment.py" line="31" />
        <source>设备名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/equipment.py" line="31" />
        <source>设备注册代码</source>
        <translation>Register code</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/equipment.py" line="32" />
        <source>使用登记证号</source>
        <translation>Registration certificate no.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/equipment.py" line="32" />
        <source>安装位置</source>
        <translation>Installed at</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/equipment.py" line="33" />
        <source>下次定期检验日期</source>
        <translation>Next periodic inspection date</translation>
    </message>
</context>
<context>
    <name>FindingPanel</name>
    <message>
        <location filename="../../ui/views/walk.py" line="48" />
        <source>隐患</source>
        <translation>Hazard</translation>
    </message>
    <message>
        <location filename="../../ui/views/walk.py" line="67" />
        <source>隐患等级</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../ui/views/walk.py" line="68" />
        <source>整改方式</source>
        <translation>Rectification</translation>
    </message>
    <message>
        <location filename="../../ui/views/walk.py" line="69" />
        <source>整改期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../ui/views/walk.py" line="70" />
        <source>隐患描述</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../ui/views/walk.py" line="71" />
        <source>状态</source>
        <translation>State</translation>
    </message>
</context>
<context>
    <name>HomeView</name>
    <message>
        <location filename="../../ui/views/home.py" line="43" />
        <source>现场检查</source>
        <translation>On-site inspection</translation>
    </message>
    <message>
        <location filename="../../ui/views/home.py" line="45" />
        <source>新建检查 (Ctrl+N)</source>
        <translation>New inspection (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../ui/views/home.py" line="66" />
        <source>最近的检查</source>
        <translation>Recent inspections</translation>
    </message>
    <message>
        <location filename="../../ui/views/home.py" line="67" />
        <source>待整改与逾期隐患</source>
        <translation>Open and overdue hazards</translation>
    </message>
    <message>
        <location filename="../../ui/views/home.py" line="68" />
        <source>临近或超期定期检验的设备</source>
        <translation>Equipment due for periodic inspection</translation>
    </message>
    <message>
        <location filename="../../ui/views/home.py" line="83" />
        <source>未销号隐患 %1 项（其中重大隐患 %2 项），逾期未整改 %3 项，已销号 %4 项</source>
        <translation>%1 hazards not closed (%2 major), %3 overdue, %4 closed</translation>
    </message>
    <message>
        <location filename="../../ui/views/home.py" line="96" />
        <source>（进行中）</source>
        <translation> (in progress)</translation>
    </message>
    <message>
        <location filename="../../ui/views/home.py" line="110" />
        <source>逾期 </source>
        <translation>Overdue </translation>
    </message>
</context>
<context>
    <name>LedgerModel</name>
    <message>
        <location filename="../../ui/models/ledger.py" line="35" />
        <source>发现日期</source>
        <translation>Found on</translation>
    </message>
    <message>
        <location filename="../../ui/models/ledger.py" line="35" />
        <source>单位</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <location filename="../../ui/models/ledger.py" line="35" />
        <source>区域</source>
        <translation>District</translation>
    </message>
    <message>
        <location filename="../../ui/models/ledger.py" line="35" />
        <source>等级</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../ui/models/ledger.py" line="36" />
        <source>隐患描述</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../ui/models/ledger.py" line="36" />
        <source>整改方式</source>
        <translation>Rectification</translation>
    </message>
    <message>
        <location filename="../../ui/models/ledger.py" line="36" />
        <source>整改期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../ui/models/ledger.py" line="37" />
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../ui/models/ledger.py" line="37" />
        <source>检查表</source>
        <translation>Checklists</translation>
    </message>
    <message>
        <location filename="../../ui/models/ledger.py" line="128" />
        <source>（逾期）</source>
        <translation> (overdue)</translation>
    </message>
</context>
<context>
    <name>LedgerView</name>
    <message>
        <location filename="../../ui/views/ledger.py" line="30" />
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="31" />
        <source>全部状态</source>
        <translation>All states</translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="32" />
        <source>未销号</source>
        <translation>Not closed</translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="35" />
        <source>全部等级</source>
        <translation>All levels</translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="38" />
        <source>仅逾期</source>
        <translation>Overdue only</translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="40" />
        <source>全部单位</source>
        <translation>All enterprises</translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="41" />
        <source>全部区域</source>
        <translation>All districts</translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="42" />
        <source>全部检查表</source>
        <translation>All checklists</translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="45" />
        <source>描述或备注包含…</source>
        <translation>Description or note contains…</translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="78" />
        <source>隐患台账</source>
        <translation>Hazard ledger</translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="135" />
        <source>共 %1 项</source>
        <translation>%1 findings</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/mainwindow.py" line="78" />
        <source>SiteCheck 现场检查</source>
        <translation>SiteCheck on-site inspection</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="80" />
        <source>首页</source>
        <translation>Home</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="81" />
        <source>企业与设备</source>
        <translation>Enterprises</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="82" />
        <source>当前检查</source>
        <translation>Inspection</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="83" />
        <source>隐患台账</source>
        <translation>Hazard ledger</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="84" />
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="156" />
        <source>检查已完成</source>
        <translation>Inspection finished</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="163" />
        <source>后台处理中…</source>
        <translation>Working in the background…</translation>
    </message>
</context>
<context>
    <name>NewInspectionDialog</name>
    <message>
        <location filename="../../ui/dialogs/new_inspection.py" line="36" />
        <source>新建检查</source>
        <translation>New inspection</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_inspection.py" line="47" />
        <source>被检查单位</source>
        <translation>Enterprise inspected</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_inspection.py" line="50" />
        <source>设备</source>
        <translation>Equipment</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_inspection.py" line="57" />
        <source>检查表</source>
        <translation>Checklists</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_inspection.py" line="62" />
        <source>检查方式</source>
        <translation>Mode</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_inspection.py" line="69" />
        <source>执法人员</source>
        <translation>Inspectors</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_inspection.py" line="74" />
        <source>开始时间</source>
        <translation>Start time</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_inspection.py" line="81" />
        <source>开始检查</source>
        <translation>Start inspection</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_inspection.py" line="90" />
        <source>（不针对具体设备）</source>
        <translation>(no particular equipment)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_inspection.py" line="113" />
        <source>请选择被检查单位</source>
        <translation>Choose the enterprise to inspect</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/new_inspection.py" line="114" />
        <source>可先在“企业与设备”中新增</source>
        <translation>Add it first under “Enterprises”</translation>
    </message>
</context>
<context>
    <name>Ops</name>
    <message>
        <location filename="../../ui/ops.py" line="132" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>PhotoStrip</name>
    <message>
        <location filename="../../ui/widgets/photos.py" line="75" />
        <source>照片说明（回车保存）</source>
        <translation>Caption (Enter saves)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/photos.py" line="77" />
        <source>添加照片… (P)</source>
        <translation>Add photos… (P)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/photos.py" line="78" />
        <source>标注…</source>
        <translation>Annotate…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/photos.py" line="79" />
        <source>删除照片</source>
        <translation>Remove photo</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/photos.py" line="89" />
        <source>可将照片文件拖放到此处</source>
        <translation>Photo files can be dropped here</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/photos.py" line="139" />
        <source>选择照片</source>
        <translation>Choose photos</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/photos.py" line="148" />
        <source>正在导入照片…</source>
        <translation>Importing photos…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/photos.py" line="156" />
        <source>%1 张照片未能导入</source>
        <translation>%1 photos could not be imported</translation>
    </message>
</context>
<context>
    <name>SettingsView</name>
    <message>
        <location filename="../../ui/views/settings.py" line="27" />
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="31" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="31" />
        <source>执法证号</source>
        <translation>Certificate no.</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="35" />
        <source>添加执法人员</source>
        <translation>Add inspector</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="38" />
        <source>删除所选</source>
        <translation>Remove selected</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="50" />
        <source>执法人员</source>
        <translation>Inspectors</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="52" />
        <source>执法部门名称</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="52" />
        <source>部门简称</source>
        <translation>Abbreviation</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="53" />
        <source>文书编号前缀</source>
        <translation>Document number prefix</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="54" />
        <source>行政复议机关</source>
        <translation>Administrative review body</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="55" />
        <source>行政诉讼法院</source>
        <translation>Court for administrative litigation</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="64" />
        <source>选择印章图片…</source>
        <translation>Choose seal image…</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="72" />
        <source>印章图片</source>
        <translation>Seal image</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="77" />
        <source>界面语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="78" />
        <source>（内存中）</source>
        <translation>(in memory)</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="81" />
        <source>打开数据文件夹</source>
        <translation>Open the data folder</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="83" />
        <source>数据文件</source>
        <translation>Data file</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="84" />
        <source>保存设置</source>
        <translation>Save settings</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="124" />
        <source>选择印章图片</source>
        <translation>Choose the seal image</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="125" />
        <source>PNG 图片 (*.png)</source>
        <translation>PNG images (*.png)</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="137" />
        <source>第 %1 行的姓名和执法证号都必须填写</source>
        <translation>Row %1 needs both a name and a certificate number</translation>
    </message>
</context>
<context>
    <name>WalkView</name>
    <message>
        <location filename="../../ui/views/walk.py" line="147" />
        <source>完成检查</source>
        <translation>Finish inspection</translation>
    </message>
    <message>
        <location filename="../../ui/views/walk.py" line="195" />
        <source>备注（N）</source>
        <translation>Note (N)</translation>
    </message>
    <message>
        <location filename="../../ui/views/walk.py" line="306" />
        <source>重大隐患判定：</source>
        <translation>Major hazard under </translation>
    </message>
    <message>
        <location filename="../../ui/views/walk.py" line="308" />
        <source>依据：</source>
        <translation>Basis: </translation>
    </message>
    <message>
        <location filename="../../ui/views/walk.py" line="328" />
        <source>数值（%1）</source>
        <translation>Value (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/views/walk.py" line="331" />
        <source>填写内容</source>
        <translation>Enter a value</translation>
    </message>
    <message>
        <location filename="../../ui/views/walk.py" line="410" />
        <source>：未达到要求</source>
        <translation>: requirement not met</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../ui/app.py" line="116" />
        <source>无法打开工作区</source>
        <translation>Cannot open the workspace</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../../ui/errors.py" line="39" />
        <source>发生了意外错误，操作未完成。详细信息已记录到日志文件 sitecheck.log。</source>
        <translation>An unexpected error occurred; nothing was completed. Details were written to sitecheck.log.</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="48" />
        <source>无法完成操作</source>
        <translation>Cannot complete the operation</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="50" />
        <source>意外错误</source>
        <translation>Unexpected error</translation>
    </message>
</context>
</TS>