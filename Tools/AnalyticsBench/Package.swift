// swift-tools-version: 6.1
import PackageDescription

// A standalone benchmark package, like Tools/WireBench, so that the main package carries no benchmark code.
let package = Package(
    name: "AnalyticsBench",
    platforms: [.macOS(.v13)],
    dependencies: [
        // The repository root: the Jamfor package with the JamforDomain library.
        .package(name: "Jamfor", path: "../..")
    ],
    targets: [
        .executableTarget(
            name: "AnalyticsBench",
            dependencies: [
                .product(name: "JamforDomain", package: "Jamfor")
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
