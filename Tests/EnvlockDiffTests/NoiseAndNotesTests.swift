// Noise normalization, behaviour notes for variables and host facts, redacted secrets.

@testable import EnvlockDiff
import EnvlockModel
import Testing

// MARK: Noise is not a difference

struct NoiseCase: CustomStringConvertible, Sendable {
  let a: String
  let b: String
  let same: Bool
  let rule: SnapshotNormalizer.Rule?
  var description: String { "\(a) vs \(b)" }
}

@Test(arguments: [
  NoiseCase(
    a: "/home/ana/churn-model/.venv/bin/python", b: "/srv/app/.venv/bin/python", same: true,
    rule: .projectRoot),
  NoiseCase(a: "/home/ana/.cache/x", b: "/home/bob/.cache/x", same: true, rule: .homeDirectory),
  NoiseCase(a: "/home/ana/.cache/x", b: "/root/.cache/x", same: true, rule: .homeDirectory),
  NoiseCase(a: "/opt/a:/home/ana/churn-model/src", b: "/opt/a:/srv/app/src", same: true, rule: .projectRoot),
  NoiseCase(a: "/home/ana/churn-model/data", b: "/srv/app/other", same: false, rule: nil),
  NoiseCase(a: "/usr/lib", b: "/usr/lib64", same: false, rule: nil),
  NoiseCase(a: "/home/anna", b: "/home/ana/x", same: false, rule: nil),
])
func noiseIsNormalized(_ c: NoiseCase) {
  var n = SnapshotNormalizer(projectRootA: "/home/ana/churn-model", projectRootB: "/srv/app/")
  #expect(n.same(c.a, c.b) == c.same)
  if let rule = c.rule { #expect(n.counts[rule] == 1) } else { #expect(n.counts.isEmpty) }
}

@Test func captureNoiseIsCountedNotReported() {
  var b = Build.prod()
  b.environment.append(RecordedVariable(name: "PWD", value: "/srv/app"))
  b.environment.append(RecordedVariable(name: "HOSTNAME", value: "prod-7"))
  b.normalize()
  let report = diff(Build.laptop(), b)
  #expect(report.isEmpty)
  let rules = Dictionary(uniqueKeysWithValues: report.normalized.map { ($0.rule, $0.count) })
  #expect(rules["capture time"] == 1)
  #expect(rules["host name"] == 2)
  #expect(rules["user name"] == 1)
  #expect(rules["shell state variables"] == 1)
  #expect((rules["project root in paths"] ?? 0) >= 3)
  #expect(DiffTextRenderer(verbose: true).render(report).contains("capture time: 1"))
  #expect(!DiffTextRenderer(verbose: false).render(report).contains("capture time: 1"))
}

// MARK: Notes for behaviour-changing variables

struct VariableCase: CustomStringConvertible, Sendable {
  let name: String
  let a: String?
  let b: String?
  let kind: ChangeKind
  let severity: Severity
  let noteContains: String?
  var description: String { name }
}

@Test(arguments: [
  VariableCase(
    name: "PYTHONHASHSEED", a: "0", b: nil, kind: .removed, severity: .high, noteContains: "hashing"),
  VariableCase(
    name: "PYTHONPATH", a: nil, b: "/opt/lib", kind: .added, severity: .high, noteContains: "import"),
  VariableCase(
    name: "PYTHONDONTWRITEBYTECODE", a: nil, b: "1", kind: .added, severity: .low, noteContains: ".pyc"),
  VariableCase(
    name: "OMP_NUM_THREADS", a: "4", b: "16", kind: .changed, severity: .medium, noteContains: "OpenMP"),
  VariableCase(
    name: "MKL_NUM_THREADS", a: "1", b: "8", kind: .changed, severity: .medium, noteContains: "MKL"),
  VariableCase(
    name: "OPENBLAS_NUM_THREADS", a: nil, b: "1", kind: .added, severity: .medium, noteContains: "OpenBLAS"),
  VariableCase(
    name: "CUDA_VISIBLE_DEVICES", a: "0", b: "", kind: .changed, severity: .high, noteContains: "GPUs"),
  VariableCase(name: "LANG", a: "C.UTF-8", b: nil, kind: .removed, severity: .medium, noteContains: "locale"),
  VariableCase(name: "LC_ALL", a: nil, b: "C", kind: .added, severity: .medium, noteContains: "locale"),
  VariableCase(
    name: "TZ", a: "UTC", b: "Europe/Paris", kind: .changed, severity: .medium, noteContains: "time zone"),
  VariableCase(
    name: "LD_LIBRARY_PATH", a: nil, b: "/usr/local/cuda/lib64", kind: .added, severity: .high,
    noteContains: "shared libraries"),
  VariableCase(
    name: "PIP_INDEX_URL", a: nil, b: "https://mirror.example/simple", kind: .added, severity: .medium,
    noteContains: "index"),
  VariableCase(name: "MY_APP_MODE", a: "a", b: "b", kind: .changed, severity: .low, noteContains: nil),
])
func variableNotes(_ c: VariableCase) {
  var a = Build.laptop()
  var b = Build.prod()
  a.environment.removeAll { $0.name == c.name }
  b.environment.removeAll { $0.name == c.name }
  if let v = c.a { a.environment.append(RecordedVariable(name: c.name, value: v)) }
  if let v = c.b { b.environment.append(RecordedVariable(name: c.name, value: v)) }
  let f = find("environment:\(c.name)", in: diff(a, b).findings)
  #expect(f?.kind == c.kind)
  #expect(f?.impact.severity == c.severity)
  if let note = c.noteContains {
    #expect(f?.impact.note?.contains(note) == true)
  } else {
    #expect(f?.impact.note == nil)
  }
}

struct HostFactCase: CustomStringConvertible, Sendable {
  let name: String
  let change: @Sendable (inout Snapshot) -> Void
  let id: String
  let severity: Severity
  let noteContains: String
  var description: String { name }
}

@Test(arguments: [
  HostFactCase(
    name: "AVX-512 gained", change: { $0.host!.cpu.flags += ["avx512f"] }, id: "host:cpu-flags",
    severity: .medium,
    noteContains: "BLAS"),
  HostFactCase(
    name: "core count", change: { $0.host!.cpu.logicalCores = 64 }, id: "host:cpu-cores", severity: .low,
    noteContains: "thread"),
  HostFactCase(
    name: "CUDA driver",
    change: { s in
      s.host!.gpus = [GPU(name: "A10G", driverVersion: "525.60", cudaVersion: "12.0", memoryBytes: nil)]
    }, id: "host:gpu", severity: .medium, noteContains: "GPU"),
  HostFactCase(
    name: "wheel built for a newer CUDA than the driver",
    change: { s in
      s.host!.gpus = [GPU(name: "A10G", driverVersion: "525.60", cudaVersion: "12.0", memoryBytes: nil)]
      Build.set(
        &s,
        Build.package(
          "torch", "2.3.0+cu121", tags: Build.binary("cp311"), requested: true, site: Build.site(s)))
    }, id: "host:cuda-wheel:torch", severity: .high, noteContains: "CUDA"),
])
func hostFactNotes(_ c: HostFactCase) {
  var b = Build.prod()
  c.change(&b)
  let f = find(c.id, in: diff(Build.laptop(), b).findings)
  #expect(f?.impact.severity == c.severity)
  #expect(f?.impact.note?.contains(c.noteContains) == true)
}

// MARK: Redacted secrets

struct RedactionCase: CustomStringConvertible, Sendable {
  let name: String
  let a: Redaction?
  let b: Redaction?
  let kind: ChangeKind?
  var description: String { name }
}

@Test(arguments: [
  RedactionCase(
    name: "same key, same fingerprint", a: Redaction(reason: "r", fingerprint: "f1", keyId: "K"),
    b: Redaction(reason: "r", fingerprint: "f1", keyId: "K"), kind: nil),
  RedactionCase(
    name: "same key, new fingerprint", a: Redaction(reason: "r", fingerprint: "f1", keyId: "K"),
    b: Redaction(reason: "r", fingerprint: "f2", keyId: "K"), kind: .changed),
  RedactionCase(
    name: "different keys", a: Redaction(reason: "r", fingerprint: "f1", keyId: "K"),
    b: Redaction(reason: "r", fingerprint: "f1", keyId: "L"), kind: .unknown),
  RedactionCase(
    name: "no key", a: Redaction(reason: "r", fingerprint: nil, keyId: nil),
    b: Redaction(reason: "r", fingerprint: nil, keyId: nil), kind: .unknown),
  RedactionCase(
    name: "redacted on one side only", a: Redaction(reason: "r", fingerprint: "f1", keyId: "K"), b: nil,
    kind: .unknown),
])
func redactedSecrets(_ c: RedactionCase) {
  var a = Build.laptop()
  var b = Build.prod()
  a.environment.append(RecordedVariable(name: "SECRET", value: c.a == nil ? "plain" : nil, redaction: c.a))
  b.environment.append(RecordedVariable(name: "SECRET", value: c.b == nil ? "plain" : nil, redaction: c.b))
  let f = find("environment:SECRET", in: diff(a, b).findings)
  #expect(f?.kind == c.kind)
  if c.kind == .unknown { #expect(f?.cause?.contains("cannot tell") == true) }
}
