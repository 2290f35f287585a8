"""filesystem rules (ids `fs.*`): mount options, world-writable and unowned files, sensitive file modes."""

MODULES: tuple[str, ...] = (
    "garrison.rules.filesystem.mounts",
    "garrison.rules.filesystem.scan",
    "garrison.rules.filesystem.keys",
    "garrison.rules.filesystem.accountfiles",
    "garrison.rules.filesystem.guided",
    "garrison.rules.filesystem.tempmounts",
    "garrison.rules.filesystem.special",
)
