import Foundation
import JamforDomain
import JamforStorage
import Logging

/// A failure to report to the person at the terminal: the message names the problem and the fix.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}

/// Opens the database at `path`, and on a first start (no municipalities yet) loads the datasets
/// into it, unless told not to.
func openStorage(
    path: String,
    datasets: String?,
    skipDatasets: Bool,
    logger: Logger
) async throws -> SQLiteStorage {
    let storage = try await SQLiteStorage(path: path)
    do {
        guard try await storage.isEmpty() else { return storage }
        if skipDatasets {
            logger.notice("the database is empty and --skip-datasets was given: no municipalities are known")
            return storage
        }
        let directory = datasets.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? Dataset.defaultDirectory
        let dataset = try Dataset.load(from: directory)
        try await storage.load(dataset)
        logger.info(
            "loaded the datasets into the new database",
            metadata: [
                "directory": "\(directory.path)", "municipalities": "\(dataset.registry.municipalities.count)",
                "real": "\(dataset.summary.realObservations)", "synthetic": "\(dataset.summary.syntheticObservations)",
            ]
        )
        return storage
    } catch {
        try? await storage.close()
        throw error
    }
}
