/// Select Graphic Rendition styles, applied only when colour is on; every styled span ends in a reset.
struct ANSIStyle: Sendable, Hashable {
    static let reset = "\u{1B}[0m"

    /// The SGR parameters, e.g. `["1", "32"]`.
    var parameters: [String]

    static let plain = ANSIStyle(parameters: [])
    static let bold = ANSIStyle(parameters: ["1"])
    static let dim = ANSIStyle(parameters: ["2"])
    static let green = ANSIStyle(parameters: ["32"])
    static let yellow = ANSIStyle(parameters: ["33"])
    static let red = ANSIStyle(parameters: ["31"])

    /// A 256-colour background with black text, for heat-map cells.
    static func background(_ index: Int) -> ANSIStyle {
        ANSIStyle(parameters: ["38;5;16", "48;5;\(index)"])
    }

    /// Both styles at once.
    func combined(with other: ANSIStyle) -> ANSIStyle {
        ANSIStyle(parameters: parameters + other.parameters)
    }

    /// `text` wrapped in this style when `enabled`, else unchanged.
    func apply(_ text: String, enabled: Bool) -> String {
        // Spaces show no foreground style, so they are left bare; backgrounds do show on spaces.
        let visible = text.contains { $0 != " " } || parameters.contains { $0.hasPrefix("48;") }
        guard enabled, !parameters.isEmpty, visible else { return text }
        return "\u{1B}[" + parameters.joined(separator: ";") + "m" + text + Self.reset
    }
}
