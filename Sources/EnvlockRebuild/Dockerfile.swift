// The Dockerfile: pinned base, pinned system packages, `pip install --no-deps` of requirements.lock,
// config and hash-checked data, non-secret ENV, a non-root user, OCI labels and SOURCE_DATE_EPOCH.
// It is kept clean under hadolint's default rules.

/// Writes the Dockerfile (and the apt sources file it copies).
public enum DockerfileWriter {
  /// Where the Dockerfile keeps envlock's own files inside the image.
  static let envlockDir = "/opt/envlock"

  /// A POSIX shell word (`OutputText.shellWord`).
  static func shellQuote(_ text: String) -> String { OutputText.shellWord(text) }

  /// A Dockerfile double-quoted value (for ENV and LABEL): `\`, `"` and `$` escaped, the escapes
  /// BuildKit's word lexer undoes inside double quotes. The caller guarantees one line
  /// (`OutputText.isOneLine`): no escape can carry a line break into ENV.
  static func dockerQuote(_ text: String) -> String {
    var out = "\""
    for c in text {
      switch c {
      case "\\": out += "\\\\"
      case "\"": out += "\\\""
      case "$": out += "\\$"
      default: out.append(c)
      }
    }
    return out + "\""
  }

  /// The deb822 sources file that points apt at Debian's snapshot archive, when the plan uses it.
  public static func aptSourcesFile(_ plan: RebuildPlan) -> String? {
    guard plan.apt.useSnapshotArchive, let codename = plan.base.codename else { return nil }
    let t = plan.apt.archiveTimestamp
    let header = GeneratedHeader(plan)
    let comment = header.comment([
      "Debian's snapshot archive at the capture time of \(header.snapshot),",
      "so that the versions pinned in apt-packages.txt stay installable.",
    ])
    return comment.joined(separator: "\n") + "\n" + """
      Types: deb
      URIs: https://snapshot.debian.org/archive/debian/\(t)
      Suites: \(codename) \(codename)-updates
      Components: main
      Check-Valid-Until: no
      Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

      Types: deb
      URIs: https://snapshot.debian.org/archive/debian-security/\(t)
      Suites: \(codename)-security
      Components: main
      Check-Valid-Until: no
      Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

      """
  }

  /// A `RUN` of several commands joined with `&&`, one per line.
  static func run(_ commands: [String]) -> String {
    "RUN " + commands.joined(separator: " \\\n && ")
  }

  /// The Dockerfile text.
  public static func render(_ plan: RebuildPlan) -> String {
    let s = plan.snapshot
    let digest = "sha256:" + plan.source.digest.hex
    let epoch = s.capture.time.secondsSinceEpoch
    let conda = plan.base.family == .conda
    let alpine = plan.base.family == .alpine
    // Numeric ids, so the runtime need not resolve names (hadolint DL3066); micromamba's user is 57439.
    let user = conda ? "57439:57439" : "10001:10001"
    let header = GeneratedHeader(plan)
    var out = header.comment([
      "syntax=docker/dockerfile:1",
      "Rebuilds \(header.snapshot)",
      "(captured \(header.captured)); \(header.writtenBy).",
      "Decisions and hazards: REBUILD.md. Build from this directory:",
      "  docker build --build-arg SOURCE_DATE_EPOCH=\(epoch) -t IMAGE .",
    ])
    if !plan.environment.secrets.isEmpty {
      out += header.comment([
        "Secrets to supply at run time (never baked in): "
          + plan.environment.secrets.map(\.name).joined(separator: ", ")
      ])
    }
    out.append("FROM \(plan.base.reference)")
    out.append("")
    out.append("ARG SOURCE_DATE_EPOCH=\(epoch)")
    out.append("ARG PIP_INDEX_URL=\(plan.index.url)")
    let labels = [
      ("org.opencontainers.image.created", s.capture.time.rfc3339),
      ("org.opencontainers.image.base.name", plan.base.reference),
      ("org.opencontainers.image.description", "envlock rebuild of \(header.snapshot)"),
      ("io.envlock.snapshot.digest", digest),
      ("io.envlock.version", plan.options.toolVersion),
    ]
    out.append("LABEL " + labels.map { "\($0.0)=\(dockerQuote($0.1))" }.joined(separator: " \\\n      "))
    out.append("")

    // System packages and the user, in one layer.
    var setup: [String] = []
    let pins = plan.apt.install.map(\.spec)
    let unpinned = plan.apt.install.contains { $0.version == nil }
    if alpine {
      setup.append("addgroup -S -g 10001 app")
      setup.append("adduser -S -D -u 10001 -G app -h /app app")
      if !pins.isEmpty { setup.append("apk add --no-cache " + pins.map(shellQuote).joined(separator: " ")) }
    } else {
      if !conda {
        setup.append("groupadd --system --gid 10001 app")
        setup.append("useradd --system --uid 10001 --gid app --home-dir /app --no-create-home app")
      }
      if !pins.isEmpty {
        setup.append("apt-get update")
        setup.append(
          "apt-get install -y --no-install-recommends \\\n      "
            + pins.map(shellQuote).joined(separator: " \\\n      "))
        setup.append("rm -rf /var/lib/apt/lists/*")
      }
    }
    // Numeric, like the other USER lines (hadolint DL3066): 0 is root.
    if conda && !setup.isEmpty { out.append("USER 0") }
    if aptSourcesFile(plan) != nil {
      out.append("COPY debian-snapshot.sources /etc/apt/sources.list.d/debian.sources")
    }
    if !setup.isEmpty {
      if unpinned { out.append("# hadolint ignore=\(alpine ? "DL3018" : "DL3008")") }
      out.append(run(setup))
    }
    if conda && !setup.isEmpty { out.append("USER \(user)") }
    out.append("WORKDIR /app")
    out.append("")

    if conda {
      out.append("COPY --chown=\(user) conda-packages.txt \(envlockDir)/conda-packages.txt")
      out.append(
        run([
          "micromamba install --yes --name base --file \(envlockDir)/conda-packages.txt",
          "micromamba clean --all --yes",
        ]))
      out.append("ARG MAMBA_DOCKERFILE_ACTIVATE=1")
    }
    // Kernelspecs are registered in the same layer as the install (hadolint DL3059).
    let kernelCommands = plan.kernels.map(\.command)
    if !plan.pins.isEmpty {
      out.append("COPY requirements.lock \(envlockDir)/requirements.lock")
      let pip =
        "python -m pip install "
        + RequirementsLock.installFlags(plan).joined(separator: " ") + " -r \(envlockDir)/requirements.lock"
      out.append(run([pip] + kernelCommands))
      out.append("")
    } else if !kernelCommands.isEmpty {
      out.append(run(kernelCommands))
      out.append("")
    }

    let configs = s.configFiles.filter {
      plan.source.configContents[$0.path] != nil && !RebuildPlan.isMachineConfig($0.path)
    }
    if !configs.isEmpty { out.append("COPY --chown=\(user) config-files/ /app/") }
    let files = s.dataFiles.filter { $0.kind == .file }
    let links = s.dataFiles.filter { $0.kind == .symlink }
    if !s.dataFiles.isEmpty {
      out.append("COPY --chown=\(user) data-files/ /app/")
      out.append("COPY SHA256SUMS \(envlockDir)/SHA256SUMS")
      var checks: [String] = []
      if !files.isEmpty {
        checks.append(
          alpine
            ? "sha256sum -c \(envlockDir)/SHA256SUMS"
            : "sha256sum --check --strict --quiet \(envlockDir)/SHA256SUMS")
      }
      for link in links {
        if let slash = link.path.lastIndex(of: "/") {
          checks.append("mkdir -p " + OutputText.shellPath(String(link.path[..<slash])))
        }
        checks.append(
          "ln -sfn \(OutputText.shellPath(link.linkTarget ?? "")) \(OutputText.shellPath(link.path))")
      }
      out.append(run(checks))
    }
    if !plan.environment.runtime.isEmpty {
      out.append(
        "ENV "
          + plan.environment.runtime.map { "\($0.name)=\(dockerQuote($0.text))" }.joined(
            separator: " \\\n    "))
    }
    out.append("USER \(user)")
    return out.joined(separator: "\n") + "\n"
  }
}
