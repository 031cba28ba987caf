// swift-tools-version: 6.1
import PackageDescription

// A standalone benchmark package so that the main package never depends on swift-protobuf.
let package = Package(
    name: "WireBench",
    platforms: [.macOS(.v13)],
    dependencies: [
        // The repository root: the Jamfor package with the JamforWire library.
        .package(name: "Jamfor", path: "../.."),
        // Only the runtime library; the .pb.swift file is generated once and committed (see Proto/README.md).
        .package(url: "https://github.com/apple/swift-protobuf.git", exact: "1.39.0"),
    ],
    targets: [
        .executableTarget(
            name: "WireBench",
            dependencies: [
                .product(name: "JamforWire", package: "Jamfor"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
