"""The application style sheet: calm, generous spacing, readable sizes."""

STYLE = """
QMainWindow, QDialog { background: #fafafa; }
QListWidget#nav {
    background: #263238; color: #eceff1; border: none; padding-top: 12px; font-size: 12pt;
}
QListWidget#nav::item { padding: 10px 18px; }
QListWidget#nav[compact="true"]::item { padding: 10px 8px; }
QListWidget#nav::item:selected { background: #37474f; color: white; border-left: 4px solid #4fc3f7; }
QLabel#viewTitle { font-size: 16pt; font-weight: bold; color: #263238; padding: 4px 0 8px 0; }
QLabel#sectionTitle { font-size: 12pt; font-weight: bold; color: #37474f; padding-top: 8px; }
QLabel#homeFigures { font-size: 12pt; color: #37474f; padding: 6px 0 10px 0; }
QLabel#itemQuestion { font-size: 13pt; color: #212121; }
QLabel#handlingGaps {
    background: #ffebee; color: #b71c1c; border: 1px solid #ef9a9a; border-radius: 4px; padding: 3px 8px;
}
QPushButton { padding: 6px 14px; border: 1px solid #b0bec5; border-radius: 4px; background: white; }
QPushButton:hover { background: #eceff1; }
QPushButton:checked { background: #0277bd; color: white; border-color: #01579b; }
QPushButton[primary="true"] { background: #0277bd; color: white; border-color: #01579b; }
QPushButton:disabled { color: #9e9e9e; }
QPushButton[suggested="true"] { border: 2px solid #c62828; color: #c62828; padding: 5px 13px; }
QPushButton#dataFolder { text-align: left; border: none; background: transparent; color: #0277bd; }
QPushButton[primary="true"]:disabled { background: #cfd8dc; color: #78909c; border-color: #cfd8dc; }
QLineEdit, QPlainTextEdit, QComboBox, QDateEdit, QDateTimeEdit {
    padding: 4px 6px; border: 1px solid #cfd8dc; border-radius: 4px; background: white;
}
QTableView, QListWidget, QTreeWidget { background: white; border: 1px solid #cfd8dc; }
QTableView::item, QTreeWidget::item { padding: 4px; }
QListWidget#itemList::item { padding: 6px; border-bottom: 1px solid #eceff1; }
QListWidget#itemList::item:selected, QTreeWidget::item:selected, QTableView::item:selected {
    background: #b3e5fc; color: black;
}
QHeaderView::section { background: #eceff1; padding: 6px; border: none; border-right: 1px solid #cfd8dc; }
QGroupBox#findingPanel { border: 1px solid #ef9a9a; border-radius: 6px; margin-top: 14px; padding: 8px; }
QGroupBox#findingPanel::title { subcontrol-origin: margin; left: 10px; color: #c62828; }
"""
