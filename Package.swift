// swift-tools-version:6.1
import PackageDescription

/// envlock: capture a Python environment into a signed lockfile archive,
/// rebuild it, diff it and check it against a handoff contract.
let package = Package(
  name: "envlock",
  // Linux (glibc) is what the code is written for and tested on; the macOS floor is the one
  // `Mutex` (Synchronization) needs.
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "envlock", targets: ["envlock"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    // HTTP for the registry client: URLSession on Linux cannot trust a custom CA or stop a body early.
    .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
  ],
  targets: [
    // libarchive, from Debian's libarchive-dev.
    .systemLibrary(
      name: "CArchive",
      pkgConfig: "libarchive",
      providers: [.apt(["libarchive-dev"])]
    ),
    // libzstd, from Debian's libzstd-dev: compresses the tar with a content checksum
    // (libarchive 3.6's zstd writer cannot turn the checksum on).
    .systemLibrary(
      name: "CZstd",
      pkgConfig: "libzstd",
      providers: [.apt(["libzstd-dev"])]
    ),
    // Errors with a message, a hint and an underlying error, printed in uv's layout; no dependencies.
    .target(name: "EnvlockDiagnostics"),
    // Snapshot types and canonical JSON; no I/O.
    .target(name: "EnvlockModel", dependencies: ["EnvlockDiagnostics"]),
    // PEP 440 / 503 / 508 and wheel tags; no I/O.
    .target(name: "EnvlockPackaging", dependencies: ["EnvlockDiagnostics"]),
    // File reading and writing shared by every module that touches disk: bounded reads, path
    // helpers, atomic temp-file-and-rename writes.
    .target(
      name: "EnvlockFileIO",
      dependencies: ["EnvlockDiagnostics", "EnvlockModel", .product(name: "Crypto", package: "swift-crypto")]),
    // TOML 1.0: a parser that returns errors (never traps) and tables that know each key's line;
    // basic strings for TOML envlock writes.
    .target(name: "EnvlockTOML", dependencies: ["EnvlockDiagnostics"]),
    // minisign-compatible Ed25519 keys and signatures.
    .target(
      name: "EnvlockSigning",
      dependencies: [
        "EnvlockDiagnostics",
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "_CryptoExtras", package: "swift-crypto"),
      ]
    ),
    // The `.envlock` archive: tar + zstd through libarchive, member digests, signature; and the one
    // snapshot loader (archive, manifest or snapshot JSON).
    .target(
      name: "EnvlockArchive",
      dependencies: [
        "CArchive", "CZstd", "EnvlockDiagnostics", "EnvlockModel", "EnvlockSigning", "EnvlockFileIO",
      ]
    ),
    // The project file envlock.toml: parsing with line-numbered errors, and `envlock init`.
    .target(name: "EnvlockProject", dependencies: ["EnvlockDiagnostics", "EnvlockTOML"]),
    // Secrets: detection, keyed fingerprints, URL credentials and config-file redaction, shared by
    // capture (what is recorded) and rebuild (what is written).
    .target(
      name: "EnvlockRedaction",
      dependencies: ["EnvlockModel", .product(name: "Crypto", package: "swift-crypto")]
    ),
    // What one environment implies: its requirement graph, broken requirements, wheel-tag classes.
    .target(name: "EnvlockAnalysis", dependencies: ["EnvlockModel", "EnvlockPackaging"]),
    // Probes that fill a snapshot from the running machine.
    .target(
      name: "EnvlockCapture",
      dependencies: [
        "EnvlockDiagnostics", "EnvlockModel", "EnvlockPackaging", "EnvlockProject", "EnvlockRedaction",
        "EnvlockFileIO", .product(name: "Crypto", package: "swift-crypto"),
      ]
    ),
    // Snapshot -> Dockerfile, requirements.lock, pylock.toml, apt list, REBUILD.md; venv realizer.
    .target(
      name: "EnvlockRebuild",
      dependencies: [
        "EnvlockDiagnostics", "EnvlockModel", "EnvlockPackaging", "EnvlockArchive", "EnvlockTOML",
        "EnvlockRedaction", "EnvlockFileIO",
      ]
    ),
    // Snapshot x snapshot -> an explained findings tree; text, JSON and Markdown renderers.
    .target(
      name: "EnvlockDiff",
      dependencies: [
        "EnvlockDiagnostics", "EnvlockModel", "EnvlockPackaging", "EnvlockAnalysis", "EnvlockTOML",
      ]
    ),
    // Snapshot -> SBOM: CycloneDX 1.6 JSON and SPDX 2.3 JSON with PURLs, licences and the requirement graph.
    .target(
      name: "EnvlockExport",
      dependencies: ["EnvlockModel", "EnvlockAnalysis", .product(name: "Crypto", package: "swift-crypto")]
    ),
    // The handoff contract: rules checked against a snapshot; human, JSON and JUnit renderers.
    .target(
      name: "EnvlockContract",
      dependencies: [
        "EnvlockDiagnostics", "EnvlockModel", "EnvlockPackaging", "EnvlockProject", "EnvlockTOML",
        "EnvlockAnalysis", "EnvlockArchive", "EnvlockSigning", "EnvlockFileIO",
      ]
    ),
    // OCI registries (distribution spec, ORAS conventions): push and pull `.envlock` archives as
    // artifacts, with token or basic auth from the docker config.
    .target(
      name: "EnvlockRegistry",
      dependencies: [
        "EnvlockDiagnostics", "EnvlockModel", "EnvlockArchive", "EnvlockFileIO",
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
      ]
    ),
    // The command-line tool: argument parsing and printing only.
    .executableTarget(
      name: "envlock",
      dependencies: [
        "EnvlockDiagnostics", "EnvlockModel", "EnvlockArchive", "EnvlockSigning", "EnvlockCapture",
        "EnvlockProject", "EnvlockRebuild", "EnvlockDiff", "EnvlockContract", "EnvlockFileIO",
        "EnvlockRedaction", "EnvlockRegistry", "EnvlockExport",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // Benchmarks run by scripts/bench; they write Docs/benchmarks.md.
    .executableTarget(
      name: "envlock-bench",
      dependencies: ["EnvlockPackaging", "EnvlockModel", "EnvlockCapture", "EnvlockDiff"]
    ),
    // Helpers shared by the test targets (not shipped).
    .target(
      name: "EnvlockTestSupport", dependencies: ["EnvlockDiagnostics", "EnvlockModel"],
      path: "Tests/EnvlockTestSupport"),
    .testTarget(name: "EnvlockDiagnosticsTests", dependencies: ["EnvlockDiagnostics"]),
    .testTarget(name: "EnvlockModelTests", dependencies: ["EnvlockModel", "EnvlockTestSupport"]),
    .testTarget(name: "EnvlockFileIOTests", dependencies: ["EnvlockFileIO", "EnvlockTestSupport"]),
    .testTarget(name: "EnvlockPackagingTests", dependencies: ["EnvlockPackaging", "EnvlockTestSupport"]),
    .testTarget(name: "EnvlockSigningTests", dependencies: ["EnvlockSigning", "EnvlockTestSupport"]),
    .testTarget(
      name: "EnvlockRedactionTests", dependencies: ["EnvlockRedaction", "EnvlockModel", "EnvlockTestSupport"]),
    .testTarget(name: "EnvlockTOMLTests", dependencies: ["EnvlockTOML", "EnvlockTestSupport"]),
    .testTarget(
      name: "EnvlockArchiveTests",
      dependencies: [
        "EnvlockArchive", "EnvlockModel", "EnvlockSigning", "EnvlockFileIO", "CArchive", "EnvlockTestSupport",
      ]
    ),
    .testTarget(
      name: "EnvlockCaptureTests",
      dependencies: [
        "EnvlockCapture", "EnvlockModel", "EnvlockPackaging", "EnvlockRedaction", "EnvlockTestSupport",
      ]),
    .testTarget(
      name: "EnvlockRebuildTests",
      dependencies: ["EnvlockRebuild", "EnvlockArchive", "EnvlockModel", "EnvlockTestSupport"]),
    .testTarget(
      name: "EnvlockProjectTests", dependencies: ["EnvlockProject", "EnvlockTOML", "EnvlockTestSupport"]),
    .testTarget(
      name: "EnvlockDiffTests",
      dependencies: ["EnvlockDiff", "EnvlockModel", "EnvlockPackaging", "EnvlockTestSupport"]),
    .testTarget(
      name: "EnvlockExportTests",
      dependencies: ["EnvlockExport", "EnvlockModel", "EnvlockArchive", "EnvlockTestSupport"]),
    .testTarget(
      name: "EnvlockContractTests",
      dependencies: [
        "EnvlockContract", "EnvlockModel", "EnvlockSigning", "EnvlockArchive", "EnvlockFileIO",
        "EnvlockTestSupport",
      ]),
    .testTarget(
      name: "EnvlockRegistryTests",
      dependencies: ["EnvlockRegistry", "EnvlockArchive", "EnvlockModel", "EnvlockTestSupport"]),
    .testTarget(
      name: "EnvlockCLITests", dependencies: ["envlock", "EnvlockModel", "EnvlockTOML", "EnvlockTestSupport"]),
  ]
)
