package dev.treeline.support.s3;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

import dev.treeline.events.ObjectRef;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * One object written as a stream and uploaded while it is written: every full part goes up in the background
 * (S3 multipart upload, a bounded number in flight), the SHA-256 covers every byte in order, and nothing touches
 * the local disk. An object smaller than one part is a single PUT. Nothing is visible in the bucket until
 * {@link #complete}; {@link #abort} discards what was sent. Failures are {@link ObjectStoreException}s
 * naming the object (an interrupted writer gets one with an {@link InterruptedException} cause).
 *
 * <p>Not thread-safe: one writer per object. Create through {@link ObjectStore#streamingUpload}.
 */
public final class StreamingUpload extends OutputStream {

    private static final int IN_FLIGHT = 2;

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final String contentType;
    private final int partSize;
    private final Executor uploaders;
    private final MessageDigest sha256 = Sha256Digests.newDigest();
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    private final List<CompletableFuture<CompletedPart>> parts = new ArrayList<>();
    /** Buffers of sent parts, reused: a few large arrays per object instead of one per part. */
    private final ConcurrentLinkedQueue<byte[]> spare = new ConcurrentLinkedQueue<>();
    private byte[] buffer;
    private int filled;
    private long bytes;
    private String uploadId;

    StreamingUpload(S3Client s3, String bucket, String key, String contentType, int partSize, Executor uploaders) {
        if (partSize < 5 * 1024 * 1024) {
            throw new IllegalArgumentException("S3 multipart parts are at least 5 MiB, got " + partSize + " bytes");
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.contentType = contentType;
        this.partSize = partSize;
        this.uploaders = uploaders;
        this.buffer = new byte[partSize];
    }

    public String location() {
        return "s3://" + bucket + "/" + key;
    }

    @Override
    public void write(int b) {
        if (filled == buffer.length) {
            sendPart();
        }
        buffer[filled++] = (byte) b;
    }

    @Override
    public void write(byte[] b) {
        write(b, 0, b.length);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        while (len > 0) {
            if (filled == buffer.length) {
                sendPart();
            }
            int n = Math.min(len, buffer.length - filled);
            System.arraycopy(b, off, buffer, filled, n);
            filled += n;
            off += n;
            len -= n;
        }
    }

    /** Sends the last part (if the object is large enough to be multipart), so all objects can finish at once. */
    public void finishWriting() {
        if (uploadId != null && filled > 0) {
            sendPart();
        }
    }

    /** Makes the object visible and returns its reference. */
    public ObjectRef complete(Long rows) {
        try {
            if (uploadId == null) { // no part sent: the whole object is in the buffer
                return ObjectStore.putBytes(s3, bucket, key, contentType, buffer, filled, rows);
            }
            finishWriting();
            List<CompletedPart> sent = new ArrayList<>();
            for (CompletableFuture<CompletedPart> part : parts) {
                sent.add(part.join());
            }
            String sha = Sha256Digests.hex(sha256.digest());
            var response = s3.completeMultipartUpload(c -> c.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(sent)));
            return new ObjectRef(bucket, key, sha, bytes, rows, response.versionId());
        } catch (CompletionException e) {
            throw failed(e.getCause());
        } catch (SdkException e) {
            throw failed(e);
        }
    }

    /** Waits for parts in flight and discards the upload; never throws. */
    public void abort() {
        for (CompletableFuture<CompletedPart> part : parts) {
            part.handle((done, error) -> done).join();
        }
        if (uploadId != null) {
            try {
                s3.abortMultipartUpload(a -> a.bucket(bucket).key(key).uploadId(uploadId));
            } catch (SdkException ignored) {
                // the store's lifecycle rules clean up abandoned uploads
            }
        }
    }

    private void sendPart() {
        try {
            for (CompletableFuture<CompletedPart> part : parts) {
                if (part.isCompletedExceptionally()) {
                    part.join(); // fail now rather than after writing everything
                }
            }
            if (uploadId == null) {
                uploadId = s3.createMultipartUpload(c -> c.bucket(bucket).key(key).contentType(contentType)).uploadId();
            }
            inFlight.acquire(); // back-pressure: memory stays at a few parts per object
        } catch (CompletionException e) {
            throw failed(e.getCause());
        } catch (SdkException e) {
            throw failed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ObjectStoreException("interrupted uploading " + location(), e);
        }
        hash(buffer, filled);
        byte[] content = buffer;
        int length = filled;
        int partNumber = parts.size() + 1;
        String id = uploadId;
        parts.add(CompletableFuture.supplyAsync(() -> {
            try {
                String etag = s3.uploadPart(u -> u.bucket(bucket).key(key).uploadId(id).partNumber(partNumber),
                        RequestBody.fromContentProvider(() -> new ByteArrayInputStream(content, 0, length), length,
                                "application/octet-stream")).eTag();
                return CompletedPart.builder().partNumber(partNumber).eTag(etag).build();
            } finally {
                spare.offer(content);
                inFlight.release();
            }
        }, uploaders));
        byte[] reused = spare.poll();
        buffer = reused != null ? reused : new byte[partSize];
        filled = 0;
    }

    private void hash(byte[] content, int length) {
        sha256.update(content, 0, length);
        bytes += length;
    }

    private ObjectStoreException failed(Throwable cause) {
        if (cause instanceof ObjectStoreException e) {
            return e;
        }
        return ObjectStoreException.uploadFailed(location(), cause);
    }
}
