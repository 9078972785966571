// The requirement graph of one environment: which installed distribution requires which,
// with markers evaluated in that environment's recorded marker environment and extras applied.

import EnvlockModel

/// One requirement edge: `dependent` (at `version`) requires `requirement`.
struct RequirementEdge: Sendable {
  /// The requiring distribution's normalized name.
  let dependent: String
  /// Its version.
  let version: String
  /// The parsed requirement.
  let requirement: ParsedRequirement
}

/// The requirements that apply in one environment, indexed both ways.
struct RequirementGraph: Sendable {
  /// Installed distributions by normalized name.
  let packages: [String: PythonPackage]
  /// Applying requirements by the name they require.
  private(set) var dependents: [String: [RequirementEdge]] = [:]
  /// Applying requirements by the distribution that declares them.
  private(set) var requirements: [String: [RequirementEdge]] = [:]

  /// Builds the graph; markers are evaluated in `markers` (none apply when it is nil).
  init(packages: [String: PythonPackage], markers: MarkerEnvironment?) {
    self.packages = packages
    var parsed: [String: [ParsedRequirement]] = [:]
    parsed.reserveCapacity(packages.count)
    for (name, p) in packages { parsed[name] = p.requiresDist.compactMap(PackagingBridge.requirement) }
    // Extras requested of each package by the base requirements of the others (one level).
    var extras: [String: Set<String>] = [:]
    for (_, reqs) in parsed {
      for r in reqs where !r.extras.isEmpty && PackagingBridge.applies(r, in: markers, extras: []) {
        extras[r.name, default: []].formUnion(r.extras)
      }
    }
    for name in packages.keys.sorted() {
      let p = packages[name]!
      for r in parsed[name] ?? [] where PackagingBridge.applies(r, in: markers, extras: extras[name] ?? []) {
        let edge = RequirementEdge(dependent: name, version: p.version, requirement: r)
        dependents[r.name, default: []].append(edge)
        requirements[name, default: []].append(edge)
      }
    }
  }

  /// The requested (top-level) distributions that pull `name` in, nearest first, then by name.
  func requestedAncestors(of name: String) -> [String] {
    var seen: Set<String> = [name]
    var frontier = [name]
    var found: [String] = []
    while !frontier.isEmpty {
      var next: [String] = []
      for n in frontier {
        for e in dependents[n] ?? [] where !seen.contains(e.dependent) {
          seen.insert(e.dependent)
          next.append(e.dependent)
        }
      }
      next.sort()
      for n in next where packages[n]?.requested == true { found.append(n) }
      frontier = next
    }
    return found
  }
}
