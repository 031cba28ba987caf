// swift-tools-version: 6.1
import PackageDescription

// A standalone load generator, like Tools/WireBench and Tools/AnalyticsBench, so that the main package
// carries no benchmark code. It speaks the wire protocol through the root package's JamforWire and
// JamforWireNIO, on its own SwiftNIO event loops.
let package = Package(
    name: "LoadGen",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "jamfor-load", targets: ["LoadGen"])
    ],
    dependencies: [
        // The repository root: the Jamfor package with the JamforWire and JamforWireNIO libraries.
        .package(name: "Jamfor", path: "../.."),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: [
        .executableTarget(
            name: "LoadGen",
            dependencies: [
                .product(name: "JamforWire", package: "Jamfor"),
                .product(name: "JamforWireNIO", package: "Jamfor"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
