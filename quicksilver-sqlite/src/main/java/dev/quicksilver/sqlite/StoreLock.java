package dev.quicksilver.sqlite;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps a second hub off the same history: two writers would each number events from the same
 * high-water mark and interleave them. The lock is on a file beside the database, never on the
 * database itself: POSIX drops every lock a process holds on a file when any of its descriptors to
 * that file is closed, which would silently drop SQLite's own locks. The operating system releases
 * the lock when the process dies, even by {@code kill -9}.
 */
final class StoreLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private StoreLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static StoreLock acquire(Path database) {
        Path file = database.resolveSibling(database.getFileName() + ".lock");
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StoreException(file + ": cannot create the lock file (" + e + "); check that the data "
                    + "directory exists, is a directory and is writable", e);
        }
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new StoreLock(channel, lock);
            }
        } catch (OverlappingFileLockException e) {
            // Held by this very process: another hub embedded in the same JVM.
        } catch (IOException e) {
            close(channel);
            throw new StoreException(file + ": cannot lock (" + e + ")", e);
        }
        close(channel);
        throw new StoreException(database + " is in use by another hub (" + file + " is locked); give each hub "
                + "its own data-dir");
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel releases it too
        }
        close(channel);
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
