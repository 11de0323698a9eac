"""Files that carry data between field devices and headquarters.

    container.py  the signed zip: writing it atomically, and verifying it before
                  anything big is read (zipcheck.py: the zip's own structure);
                  records as NDJSON parsed in batches
    bundle.py     field -> headquarters: export, inspect, import; device cards
    pack.py       headquarters -> field: checklists, registries, number blocks
    cli.py        the sync, pack and device commands

The SQL side (selection, merge rules, row rules, devices, packs) is ``storage.sync``.
"""
