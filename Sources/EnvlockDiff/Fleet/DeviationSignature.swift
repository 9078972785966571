// What one member changes relative to the baseline, as values: the items of each section that
// differ, found by hashing (sets and dictionaries of the model's Hashable values), never by a diff.
//
// Two members with equal signatures get the same diff, finding for finding. For that, a signature
// holds exactly what the comparers and rules read: fields no comparer reads are cleared (a
// package's `location`, the interpreter's real path and site directories, capture metadata), and
// a path the diff compares modulo noise (interpreter executable and prefix, variable values,
// direct URLs) enters as its `NoiseKey`: whether the normalizer takes it for the baseline's value,
// and how the diff would show it. So laptops whose venvs live under other home directories and
// project roots still share one diff. `FleetTests` checks the grouping against a diff per member.

import EnvlockAnalysis
import EnvlockModel

/// A path-like value as the diff sees it: equal to the baseline's modulo noise, and its display.
struct NoiseKey: Hashable, Sendable {
  /// `SnapshotNormalizer.same(baseline, member)`.
  var same: Bool
  /// The member's value as the diff shows it (project root and home directory replaced).
  var shown: String
}

/// One item of a member that differs from the baseline.
enum DeviationItem: Hashable, Sendable {
  /// The interpreter differs: the member's, reduced to what the diff reads, and its path keys.
  case interpreter(Interpreter?, executable: NoiseKey?, prefix: NoiseKey?)
  /// The host differs; the member's value.
  case host(Host?)
  /// A Python distribution differs or is added (the member's record, reduced; the key of its
  /// direct URL when the baseline has one to compare with) or is missing (nil).
  case python(name: String, PythonPackage?, url: NoiseKey?)
  /// The conda records differ; the member's list.
  case conda([CondaPackage])
  /// A system package only the member has (true) or only the baseline has (false).
  case system(SystemPackage, inMember: Bool)
  /// A variable only the member has, as the diff shows it.
  case variableAdded(name: String, shown: String)
  /// A variable whose value differs (neither side redacted): the key of the member's value.
  case variableChanged(name: String, value: NoiseKey?)
  /// A variable redacted on either side that differs: the member's record.
  case variableRedacted(RecordedVariable)
  /// A variable only the baseline has.
  case variableRemoved(name: String)
  /// A data file only the member has, or only the baseline has.
  case data(DataFile, inMember: Bool)
  /// A config file record only the member has, or only the baseline has.
  case config(ConfigFile, inMember: Bool)
  /// A notebook only the member has, or only the baseline has.
  case notebook(NotebookEntry, inMember: Bool)
}

/// A member's deviation from the baseline; empty when it matches.
typealias DeviationSignature = [DeviationItem]

/// The baseline, indexed once for every member's signature.
struct DeviationBaseline: Sendable {
  let snapshot: Snapshot
  let packages: [String: PythonPackage]
  /// `packages`, reduced to what the diff reads.
  let reducedPackages: [String: PythonPackage]
  let variables: [String: RecordedVariable]
  let system: Set<SystemPackage>
  let fileList: [DataFile]
  let data: Set<DataFile>
  let config: Set<ConfigFile>
  let notebooks: Set<NotebookEntry>

  init(_ snapshot: Snapshot) {
    self.snapshot = snapshot
    packages = RequirementGraph.index(snapshot.pythonPackages)
    reducedPackages = packages.mapValues(DeviationBaseline.reduced)
    variables = DeviationBaseline.variables(snapshot)
    system = Set(snapshot.systemPackages)
    fileList = DeviationBaseline.files(snapshot)
    data = Set(fileList)
    config = Set(snapshot.configFiles)
    notebooks = Set(snapshot.notebooks)
  }

  /// The variables a diff compares, by name: session noise (`USER`, `HOSTNAME`, `PWD`, ...) left out.
  static func variables(_ s: Snapshot) -> [String: RecordedVariable] {
    var out: [String: RecordedVariable] = [:]
    for v in s.environment where EnvironmentComparer.noiseRule(v.name) == nil { out[v.name] = v }
    return out
  }

  /// The data files with modification times cleared (a changed time alone is noise).
  static func files(_ s: Snapshot) -> [DataFile] {
    s.dataFiles.map { f in
      var f = f
      f.mtime = nil
      return f
    }
  }

  /// The items of `member` that differ from the baseline, in a fixed order.
  func signature(of member: Snapshot) -> DeviationSignature {
    let n = SnapshotNormalizer(
      projectRootA: snapshot.capture.projectRoot, projectRootB: member.capture.projectRoot)
    func key(_ a: String, _ b: String) -> NoiseKey {
      var probe = n
      return NoiseKey(same: probe.same(a, b), shown: n.displayB(b))
    }
    var items: DeviationSignature = []
    if member.interpreter != snapshot.interpreter {
      items += interpreterItem(member.interpreter, key)
    }
    if member.host != snapshot.host { items.append(.host(member.host)) }
    // The first package of each name counts, as in `RequirementGraph.index`.
    var seen = Set<String>()
    seen.reserveCapacity(member.pythonPackages.count)
    var changed: [DeviationItem] = []
    for p in member.pythonPackages where seen.insert(p.name).inserted {
      let b = packages[p.name]
      if let b, b == p { continue }
      var url: NoiseKey?
      if let da = b?.directUrl, let db = p.directUrl { url = key(da.url, db.url) }
      let reduced = Self.reduced(p)
      if let r = reducedPackages[p.name], r == reduced, url?.same ?? true { continue }
      changed.append(.python(name: p.name, reduced, url: url))
    }
    for name in packages.keys where !seen.contains(name) {
      changed.append(.python(name: name, nil, url: nil))
    }
    items += changed.sorted { bytewise(Self.name(of: $0), Self.name(of: $1)) }
    if member.condaPackages != snapshot.condaPackages { items.append(.conda(member.condaPackages)) }
    items += Self.setDifference(member.systemPackages, system, snapshot.systemPackages) {
      .system($0, inMember: $1)
    }
    items += variableItems(DeviationBaseline.variables(member), n, key)
    items += Self.setDifference(Self.files(member), data, fileList) { .data($0, inMember: $1) }
    items += Self.setDifference(member.configFiles, config, snapshot.configFiles) {
      .config($0, inMember: $1)
    }
    items += Self.setDifference(member.notebooks, notebooks, snapshot.notebooks) {
      .notebook($0, inMember: $1)
    }
    return items
  }

  private func interpreterItem(_ member: Interpreter?, _ key: (String, String) -> NoiseKey) -> [DeviationItem]
  {
    guard let b = member, let a = snapshot.interpreter else {
      return [.interpreter(member, executable: nil, prefix: nil)]
    }
    let executable = key(a.executable, b.executable)
    let prefix = key(a.prefix, b.prefix)
    let reduced = Self.reduced(b)
    // Paths alone that the normalizer takes for the baseline's: the same interpreter to the diff.
    if reduced == Self.reduced(a), executable.same, prefix.same { return [] }
    return [.interpreter(reduced, executable: executable, prefix: prefix)]
  }

  /// An interpreter with the fields no comparer reads cleared, and the two paths it compares
  /// modulo noise (`executable`, `prefix`), which are keyed separately.
  static func reduced(_ i: Interpreter) -> Interpreter {
    var i = i
    i.selection = InterpreterSelection(path: "", reason: "")
    i.realPath = ""
    i.libpython = nil
    i.basePrefix = ""
    i.execPrefix = ""
    i.siteDirectories = []
    i.extSuffix = nil
    i.multiarch = nil
    i.executable = ""
    i.prefix = ""
    return i
  }

  private func variableItems(
    _ mine: [String: RecordedVariable], _ n: SnapshotNormalizer, _ key: (String, String) -> NoiseKey
  ) -> [DeviationItem] {
    var out: [DeviationItem] = []
    for (name, b) in mine {
      let a = variables[name]
      if a == b { continue }
      guard let a else {
        out.append(.variableAdded(name: name, shown: n.displayB(EnvironmentComparer.display(b))))
        continue
      }
      if a.redaction == nil, b.redaction == nil {
        let k = key(a.value ?? "", b.value ?? "")
        if k.same && (a.value == nil) == (b.value == nil) { continue }
        out.append(.variableChanged(name: name, value: b.value == nil ? nil : k))
      } else {
        out.append(.variableRedacted(b))
      }
    }
    for name in variables.keys where mine[name] == nil { out.append(.variableRemoved(name: name)) }
    return out.sorted { bytewise(Self.name(of: $0), Self.name(of: $1)) }
  }

  /// The name a Python or variable item sorts by.
  private static func name(of item: DeviationItem) -> String {
    switch item {
    case .python(let name, _, _), .variableAdded(let name, _), .variableChanged(let name, _),
      .variableRemoved(let name):
      name
    case .variableRedacted(let v): v.name
    default: ""
    }
  }

  /// A package with the fields no comparer reads cleared (`location`, `summary`, the direct URL's
  /// `url`, which is keyed separately).
  static func reduced(_ p: PythonPackage) -> PythonPackage {
    var p = p
    p.location = ""
    p.summary = nil
    p.directUrl?.url = ""
    return p
  }

  /// The member's items the baseline lacks, then the baseline's items the member lacks, each in
  /// list order (lists are sorted in a snapshot).
  static func setDifference<T: Hashable>(
    _ member: [T], _ baselineSet: Set<T>, _ baseline: [T], _ item: (T, Bool) -> DeviationItem
  ) -> [DeviationItem] {
    if member == baseline { return [] }
    let memberSet = Set(member)
    return member.filter { !baselineSet.contains($0) }.map { item($0, true) }
      + baseline.filter { !memberSet.contains($0) }.map { item($0, false) }
  }
}
