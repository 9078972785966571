// swift-tools-version:6.1
import PackageDescription

/// envlock: capture a Python environment into a signed lockfile archive,
/// rebuild it, diff it and check it against a handoff contract.
let package = Package(
  name: "envlock",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "envlock", targets: ["envlock"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
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
    // Snapshot types and canonical JSON; no I/O.
    .target(name: "EnvlockModel"),
    // PEP 440 / 503 / 508 and wheel tags; no I/O.
    .target(name: "EnvlockPackaging"),
    // minisign-compatible Ed25519 keys and signatures.
    .target(
      name: "EnvlockSigning",
      dependencies: [
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "_CryptoExtras", package: "swift-crypto"),
      ]
    ),
    // The `.envlock` archive: tar + zstd through libarchive, member digests, signature.
    .target(
      name: "EnvlockLockfile",
      dependencies: [
        "CArchive", "CZstd", "EnvlockModel", "EnvlockSigning",
        .product(name: "Crypto", package: "swift-crypto"),
      ]
    ),
    // The project file envlock.toml: parsing with line-numbered errors, and `envlock init`.
    .target(
      name: "EnvlockProject",
      dependencies: ["EnvlockModel", .product(name: "TOMLKit", package: "TOMLKit")]
    ),
    // Probes that fill a snapshot from the running machine.
    .target(
      name: "EnvlockCapture",
      dependencies: [
        "EnvlockModel", "EnvlockPackaging", "EnvlockProject",
        .product(name: "Crypto", package: "swift-crypto"),
      ]
    ),
    // Snapshot -> Dockerfile, requirements.lock, pylock.toml, apt list, REBUILD.md; venv realizer.
    .target(
      name: "EnvlockRebuild",
      dependencies: [
        "EnvlockModel", "EnvlockPackaging", "EnvlockLockfile", "EnvlockProject",
        .product(name: "Crypto", package: "swift-crypto"),
      ]
    ),
    // Snapshot x snapshot -> an explained findings tree; text, JSON and Markdown renderers.
    .target(
      name: "EnvlockDiff",
      dependencies: ["EnvlockModel", "EnvlockPackaging", .product(name: "TOMLKit", package: "TOMLKit")]
    ),
    // The handoff contract: rules checked against a snapshot; human, JSON and JUnit renderers.
    .target(
      name: "EnvlockContract",
      dependencies: [
        "EnvlockModel", "EnvlockPackaging", "EnvlockProject", "EnvlockDiff", "EnvlockLockfile",
        "EnvlockSigning",
        .product(name: "Crypto", package: "swift-crypto"), .product(name: "TOMLKit", package: "TOMLKit"),
      ]
    ),
    // The command-line tool: argument parsing and printing only.
    .executableTarget(
      name: "envlock",
      dependencies: [
        "EnvlockModel", "EnvlockLockfile", "EnvlockSigning", "EnvlockCapture", "EnvlockProject",
        "EnvlockRebuild", "EnvlockDiff", "EnvlockContract",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // Benchmarks run by scripts/bench; they write Docs/benchmarks.md.
    .executableTarget(
      name: "envlock-bench",
      dependencies: ["EnvlockPackaging", "EnvlockModel", "EnvlockCapture", "EnvlockDiff"]
    ),
    // Helpers shared by the test targets (not shipped).
    .target(name: "EnvlockTestSupport", dependencies: ["EnvlockModel"], path: "Tests/EnvlockTestSupport"),
    .testTarget(name: "EnvlockModelTests", dependencies: ["EnvlockModel", "EnvlockTestSupport"]),
    .testTarget(name: "EnvlockPackagingTests", dependencies: ["EnvlockPackaging", "EnvlockTestSupport"]),
    .testTarget(name: "EnvlockSigningTests", dependencies: ["EnvlockSigning", "EnvlockTestSupport"]),
    .testTarget(
      name: "EnvlockLockfileTests",
      dependencies: ["EnvlockLockfile", "EnvlockModel", "EnvlockSigning", "CArchive", "EnvlockTestSupport"]
    ),
    .testTarget(
      name: "EnvlockCaptureTests",
      dependencies: ["EnvlockCapture", "EnvlockModel", "EnvlockPackaging", "EnvlockTestSupport"]),
    .testTarget(
      name: "EnvlockRebuildTests", dependencies: ["EnvlockRebuild", "EnvlockModel", "EnvlockTestSupport"]),
    .testTarget(name: "EnvlockProjectTests", dependencies: ["EnvlockProject", "EnvlockTestSupport"]),
    .testTarget(
      name: "EnvlockDiffTests", dependencies: ["EnvlockDiff", "EnvlockModel", "EnvlockTestSupport"]),
    .testTarget(
      name: "EnvlockContractTests",
      dependencies: [
        "EnvlockContract", "EnvlockModel", "EnvlockSigning", "EnvlockLockfile", "EnvlockTestSupport",
        .product(name: "Crypto", package: "swift-crypto"),
      ]),
    .testTarget(name: "EnvlockCLITests", dependencies: ["envlock", "EnvlockModel", "EnvlockTestSupport"]),
  ]
)
