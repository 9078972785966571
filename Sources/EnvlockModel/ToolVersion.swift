/// envlock's version, recorded in every snapshot and printed by `envlock --version`.
public let envlockVersion = "0.1.0"
