"""What every layer shares, kept in the lowest one (imports point ui -> export ->
storage -> checklists, so everyone can import these and they import nothing of ours):

    vocabulary.py  the codes stored in the database and files (result, hazard level,
                   finding state and its allowed moves, ...), with Chinese and
                   English labels, and the rules that are pure vocabulary: when a
                   finding is overdue, the default rectification period
    errors.py      the one error root, SiteCheckError, and its family
    progress.py    how long work reports progress and learns it was cancelled
"""
