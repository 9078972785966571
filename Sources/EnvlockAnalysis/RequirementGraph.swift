// The requirement graph of one environment: which installed distribution requires which,
// with markers evaluated in that environment's recorded marker environment and extras applied.

import EnvlockModel
import EnvlockPackaging

/// One requirement edge: `dependent` (at `version`) requires `requirement`.
public struct RequirementEdge: Sendable {
  /// The requiring distribution's normalized name.
  public let dependent: String
  /// Its version.
  public let version: String
  /// The parsed requirement.
  public let requirement: ParsedRequirement
}

/// The requirements that apply in one environment, indexed both ways.
public struct RequirementGraph: Sendable {
  /// Installed distributions by normalized name.
  public let packages: [String: PythonPackage]
  /// Applying requirements by the name they require.
  public private(set) var dependents: [String: [RequirementEdge]] = [:]
  /// Applying requirements by the distribution that declares them.
  public private(set) var requirements: [String: [RequirementEdge]] = [:]

  /// The first package of each name (the one `sys.path` order makes importable).
  public static func index(_ packages: [PythonPackage]) -> [String: PythonPackage] {
    var out: [String: PythonPackage] = [:]
    out.reserveCapacity(packages.count)
    for p in packages where out[p.name] == nil { out[p.name] = p }
    return out
  }

  /// Builds the graph; markers are evaluated in `markers` (none apply when it is nil).
  public init(packages: [String: PythonPackage], markers: MarkerEnvironment?) {
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

  /// For every distribution reachable from `sources` along requirements, the nearest source that
  /// pulls it in (breadth first; sources in the given order). One pass over the graph: O(V + E).
  public func nearestSource(from sources: [String]) -> [String: String] {
    var owner: [String: String] = [:]
    var frontier: [String] = []
    for s in sources where owner[s] == nil {
      owner[s] = s
      frontier.append(s)
    }
    while !frontier.isEmpty {
      var next: [String] = []
      for n in frontier {
        let source = owner[n]!
        for e in requirements[n] ?? [] where owner[e.requirement.name] == nil {
          owner[e.requirement.name] = source
          next.append(e.requirement.name)
        }
      }
      frontier = next
    }
    return owner
  }
}
