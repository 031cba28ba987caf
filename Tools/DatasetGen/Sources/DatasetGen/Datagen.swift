import ArgumentParser
import Foundation

/// The default seed of both subcommands.
let defaultSeed: UInt64 = 2026

@main
struct Datagen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jamfor-datagen",
        abstract: "Generates deterministic SYNTHETIC datasets for Jamfor (not real figures).",
        discussion: """
            Every value is drawn from a seeded model (SplitMix64 seeding xoshiro256**, Box-Muller normals), \
            so the same seed and arguments always give byte-identical files.

            Examples:
              jamfor-datagen synthetic
              jamfor-datagen kolada-scale --out /tmp/jamfor-kolada-scale
            """,
        subcommands: [Synthetic.self, KoladaScale.self]
    )
}

/// The `--root` option shared by the subcommands.
struct RootOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The repository root: the directory that contains Datasets/.",
            discussion: "Defaults to the nearest directory at or above the current directory that contains Datasets/.",
            valueName: "dir"
        )
    )
    var root: String?

    /// The root as an absolute path without a trailing slash.
    func resolve() throws -> String {
        let fileManager = FileManager.default
        if let root {
            let path = absolutePath(root)
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: path + "/Datasets", isDirectory: &isDirectory), isDirectory.boolValue
            else {
                throw DatagenError("--root \(root): no Datasets/ directory there")
            }
            return path
        }
        var directory = URL(fileURLWithPath: fileManager.currentDirectoryPath).standardizedFileURL
        while true {
            var isDirectory: ObjCBool = false
            let candidate = directory.appendingPathComponent("Datasets").path
            if fileManager.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue {
                return directory.path
            }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path {
                throw DatagenError(
                    "no Datasets/ directory at or above \(fileManager.currentDirectoryPath); pass --root"
                )
            }
            directory = parent
        }
    }
}

/// An absolute, standardized path; relative paths are taken from the current directory.
func absolutePath(_ path: String) -> String {
    let base = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
    let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : URL(fileURLWithPath: path, relativeTo: base)
    var result = url.standardizedFileURL.path
    while result.count > 1 && result.hasSuffix("/") {
        result.removeLast()
    }
    return result
}

/// Quotes an argument for the "regenerate with" comment when it contains anything but plain characters.
func shellQuoted(_ argument: String) -> String {
    let plain = argument.unicodeScalars.allSatisfy { scalar in
        scalar.isASCII
            && (CharacterSet.alphanumerics.contains(scalar) || "-_./=:,+@".unicodeScalars.contains(scalar))
    }
    if plain && !argument.isEmpty {
        return argument
    }
    return "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
