// The envlock.toml project file (see Docs/project-file.md).
