"""The prepare layer: vendored raw data (and users' police.uk downloads) -> prepared outputs."""
