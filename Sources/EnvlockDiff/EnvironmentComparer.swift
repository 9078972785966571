// Environment variables: added, removed, changed; redacted secrets compare by keyed fingerprint
// when both sides used the same redaction key, otherwise the diff says it cannot tell.

import EnvlockModel

/// Compares environment variables by name.
enum EnvironmentComparer {
  /// Findings for the variables of A and B.
  static func compare(
    _ a: [RecordedVariable], _ b: [RecordedVariable], _ n: inout SnapshotNormalizer
  ) -> [Finding] {
    var ia: [String: RecordedVariable] = [:]
    for v in a { ia[v.name] = v }
    var ib: [String: RecordedVariable] = [:]
    for v in b { ib[v.name] = v }
    var out: [Finding] = []
    for name in Set(ia.keys).union(ib.keys) {
      let va = ia[name]
      let vb = ib[name]
      if let noise = noiseRule(name) {
        if va != vb { n.note(noise) }
        continue
      }
      if let f = compare(name, va, vb, &n) { out.append(f) }
    }
    return out
  }

  /// The normalization rule that makes a variable noise, if any.
  static func noiseRule(_ name: String) -> SnapshotNormalizer.Rule? {
    if SnapshotNormalizer.userVariables.contains(name) { return .userName }
    if SnapshotNormalizer.hostVariables.contains(name) { return .hostName }
    if SnapshotNormalizer.shellVariables.contains(name) { return .shellState }
    return nil
  }

  /// The displayed value: the value, the masked value, or `<redacted>`.
  static func display(_ v: RecordedVariable) -> String {
    if let value = v.value { return value }
    return v.redaction?.maskedValue ?? "<redacted>"
  }

  /// One finding for a variable, or nil when the two sides are the same.
  static func compare(
    _ name: String, _ a: RecordedVariable?, _ b: RecordedVariable?, _ n: inout SnapshotNormalizer
  ) -> Finding? {
    let known = VariableNotes.note(for: name)
    let id = "environment:\(name)"
    func impact(_ floor: Severity) -> Impact {
      Impact(severity: max(known?.severity ?? floor, floor), note: known?.note)
    }
    switch (a, b) {
    case (nil, nil): return nil
    case (nil, let b?):
      return Finding(
        id: id, category: .environment, kind: .added, subject: name, after: n.displayB(display(b)),
        impact: impact(.low))
    case (let a?, nil):
      return Finding(
        id: id, category: .environment, kind: .removed, subject: name, before: n.displayA(display(a)),
        impact: impact(.low))
    case (let a?, let b?):
      if a.redaction == nil && b.redaction == nil {
        if n.same(a.value, b.value) { return nil }
        return Finding(
          id: id, category: .environment, kind: .changed, subject: name, before: a.value.map(n.displayA),
          after: b.value.map(n.displayB), impact: impact(.low))
      }
      guard let ra = a.redaction, let rb = b.redaction else {
        return Finding(
          id: id, category: .environment, kind: .unknown, subject: name, before: display(a),
          after: display(b),
          cause: "redacted in \(a.redaction != nil ? "A" : "B") only: cannot tell whether the value changed",
          impact: impact(.medium))
      }
      guard let ka = ra.keyId, let kb = rb.keyId, ka == kb, let fa = ra.fingerprint, let fb = rb.fingerprint
      else {
        let why =
          ra.keyId == nil || rb.keyId == nil || ra.fingerprint == nil || rb.fingerprint == nil
          ? "a secret captured without a redaction key"
          : "secrets fingerprinted with different redaction keys"
        if ra.maskedValue != nil, rb.maskedValue != nil, ra.maskedValue != rb.maskedValue {
          return Finding(
            id: id, category: .environment, kind: .changed, subject: name, before: ra.maskedValue,
            after: rb.maskedValue, cause: "the unmasked part changed", impact: impact(.medium))
        }
        return Finding(
          id: id, category: .environment, kind: .unknown, subject: name, before: display(a),
          after: display(b),
          cause: "cannot tell: \(why)",
          impact: Impact(severity: .info, note: "capture both with the same project redaction key to compare")
        )
      }
      if fa == fb { return nil }
      return Finding(
        id: id, category: .environment, kind: .changed, subject: name, before: display(a), after: display(b),
        cause: "the secret changed (keyed fingerprints differ, key \(ka))", impact: impact(.medium))
    }
  }
}
