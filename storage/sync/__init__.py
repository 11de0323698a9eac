"""The SQL side of sync between field devices and headquarters.

    merging.py    how headquarters merges verified rows (and a device installs a
                  pack's rows): rules, audit re-sequencing, conflicts, the report
    rules.py      what every incoming row must satisfy, per table and column
    selection.py  what a device exports: the rows and blobs since the last export
    devices.py    device keys, signatures, fingerprints and trust
    packs.py      the headquarters -> field pack: registries and number blocks

The container (zip, manifest, signatures, verification) is ``export.sync``.
"""
