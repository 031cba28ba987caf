/// What a principal may do, by role.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Manages networks, tokens and imports; reads everything.
    case admin
    /// Bound to one municipality: submits only its figures, and reads the network-only figures of
    /// the networks that municipality belongs to.
    case member
    /// Reads public figures only.
    case reader

    public var description: String { rawValue }
}

/// Whose eyes a query is answered for: decides which network-only figures are visible.
public struct Viewer: Sendable, Hashable {
    /// Sees every figure, published or not (an administrator).
    public var seesEverything: Bool
    /// The municipality the viewer belongs to, whose own figures it always sees.
    public var municipality: MunicipalityCode?
    /// The members of every network the viewer belongs to: their network-only figures are visible.
    public var networkMembers: Set<MunicipalityCode>

    public init(
        seesEverything: Bool = false,
        municipality: MunicipalityCode? = nil,
        networkMembers: Set<MunicipalityCode> = []
    ) {
        self.seesEverything = seesEverything
        self.municipality = municipality
        self.networkMembers = networkMembers
    }

    /// A viewer who sees public figures only (a reader, or anonymous access).
    public static let publicOnly = Viewer()

    /// An administrator, who sees everything.
    public static let everything = Viewer(seesEverything: true)

    /// A member of `municipality`, who sees the network-only figures of every network it belongs to.
    public static func member(of municipality: MunicipalityCode, in registry: Registry) -> Viewer {
        var members: Set<MunicipalityCode> = [municipality]
        for network in registry.networks(containing: municipality) { members.formUnion(network.members) }
        return Viewer(municipality: municipality, networkMembers: members)
    }

    /// Whether a figure of `municipality` with `visibility` may be shown.
    public func maySee(_ visibility: Visibility, of municipality: MunicipalityCode) -> Bool {
        switch visibility {
        case .public: return true
        case .network: return seesEverything || networkMembers.contains(municipality)
        }
    }

    /// Whether `observation` may be shown.
    public func maySee(_ observation: Observation) -> Bool {
        maySee(observation.visibility, of: observation.key.municipality)
    }
}
