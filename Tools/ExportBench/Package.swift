// swift-tools-version: 6.1
import PackageDescription

// A standalone benchmark package, like Tools/WireBench and Tools/AnalyticsBench, so that the main package
// carries no benchmark code. It runs the real `jamfor` executable (built by Tools/bench.sh) as separate
// processes and uses the root package's libraries only to set up the databases and to check the output.
let package = Package(
    name: "ExportBench",
    platforms: [.macOS(.v13)],
    dependencies: [
        // The repository root: the Jamfor package with JamforDomain, JamforStorage and JamforKolada.
        .package(name: "Jamfor", path: "../..")
    ],
    targets: [
        .executableTarget(
            name: "ExportBench",
            dependencies: [
                .product(name: "JamforDomain", package: "Jamfor"),
                .product(name: "JamforStorage", package: "Jamfor"),
                .product(name: "JamforKolada", package: "Jamfor"),
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
