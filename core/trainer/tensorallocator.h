#pragma once
// How the C library's allocator treats the large tensors of training and prediction.

namespace masklab::trainer {

// Keeps freed memory in the process for the next batch instead of handing it back to the
// system. glibc returns a freed block at the top of its heap once more than 128 KB..64 MB lies
// free there, and serves blocks of 128 KB..32 MB with fresh mappings: a batch's activations
// (25 MB for 32 photos at 96x128 through 16 channels) are then mapped, zero-filled by the
// kernel page by page and unmapped again on every batch. On this project's 2-core machine the
// default config's epoch on 600 real-face persons ran at 75-82 images/s that way (a third of
// the time in page faults; an identical run happened to reach 230) and at 234-278 with this.
// Memory a run has used stays with the process until it ends (its peak, as before). Once per
// process; nothing on other C libraries.
void keepTensorMemoryForReuse();

} // namespace masklab::trainer
