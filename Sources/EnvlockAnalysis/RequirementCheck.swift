// `pip check` for one environment, as a public entry point: the same requirement graph and
// broken-requirement rule the diff uses, for callers such as the handoff contract.

import EnvlockModel
import EnvlockPackaging

/// An installed distribution's requirement that the environment does not satisfy.
public struct BrokenRequirement: Hashable, Sendable {
  /// The normalized name of the distribution that declares the requirement.
  public var dependent: String
  /// Its installed version.
  public var version: String
  /// The requirement text, as `Requires-Dist` spells it.
  public var requirement: String
  /// The normalized name of the required distribution.
  public var required: String
  /// The installed version of the required distribution; nil when it is missing.
  public var installed: String?

  /// A one-line explanation, for example `pandas 2.2.0 requires numpy>=1.26, which is missing`.
  public var message: String {
    if let installed {
      return "\(dependent) \(version) requires \(requirement), the environment has \(required) \(installed)"
    }
    return "\(dependent) \(version) requires \(requirement), which is not installed"
  }
}

/// Requirement checks over one snapshot.
public enum RequirementCheck {
  /// The unsatisfied requirements among the installed packages (`pip check` semantics: markers
  /// evaluated in the recorded marker environment with requested extras, pre-releases allowed),
  /// sorted by dependent then required name.
  public static func brokenRequirements(in snapshot: Snapshot) -> [BrokenRequirement] {
    let graph = RequirementGraph(
      packages: RequirementGraph.index(snapshot.pythonPackages), markers: snapshot.interpreter?.markers)
    return problems(in: graph).values.sorted { ($0.dependent, $0.required) < ($1.dependent, $1.required) }
  }

  /// The unsatisfied requirements of one environment's graph, keyed `dependent->required`.
  public static func problems(in graph: RequirementGraph) -> [String: BrokenRequirement] {
    var out: [String: BrokenRequirement] = [:]
    for (dependent, edges) in graph.requirements {
      for e in edges {
        let r = e.requirement
        let installed = graph.packages[r.name]?.version
        if let installed {
          guard PackagingBridge.satisfies(r, version: installed) == false else { continue }
        }
        out["\(dependent)->\(r.name)"] = BrokenRequirement(
          dependent: dependent, version: e.version, requirement: r.text, required: r.name,
          installed: installed)
      }
    }
    return out
  }
}
