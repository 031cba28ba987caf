// swift-tools-version: 6.1
import PackageDescription

// Writes sample report pages from the JamforReport test fixtures, for Tools/report-screenshots.sh. A standalone
// package, like Tools/AnalyticsBench, so that the main package carries no sample-writing code.
let package = Package(
    name: "ReportSamples",
    platforms: [.macOS(.v13)],
    dependencies: [
        // The repository root: the Jamfor package with the JamforReport and JamforWire libraries.
        .package(name: "Jamfor", path: "../..")
    ],
    targets: [
        .executableTarget(
            name: "ReportSamples",
            dependencies: [
                .product(name: "JamforReport", package: "Jamfor"),
                .product(name: "JamforWire", package: "Jamfor"),
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
