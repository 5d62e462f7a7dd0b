#pragma once
// Exceptions that escape LibTorch, OpenCV or an allocation become a run's failure message, in
// MaskLab's words with the cause, instead of ending the process. And a test hook to raise them.

#include <QString>

#include <atomic>
#include <exception>
#include <stdexcept>

namespace masklab::trainer {

// A failure already described in MaskLab's words (a distributed run's lost rank, say):
// describeFailure passes its message on as it is.
class RunFailure : public std::runtime_error
{
public:
    explicit RunFailure(const QString &message) : std::runtime_error(message.toStdString()) {}
};

// What went wrong, for a Failed run, the GUI and the CLI: out of memory (GPU or host) with
// what to lower, or the library's own first line otherwise.
QString describeFailure(std::exception_ptr failure);

// Test hook: with MASKLAB_INJECT_FAULT=<point>:<kind> in the environment the call at that
// point throws, so tests can check that a failure ends the run and not the process. kind:
// torch (a c10::Error), cuda-oom (LibTorch's CUDA out-of-memory error), bad_alloc; or
// sigint@N: the process sends itself SIGINT at the N-th call, as a user's Ctrl+C at exactly that
// batch would (a stop mid-epoch, without racing the epoch's end); or hold@N: at the N-th call it
// says so on stderr and waits until `stop` is set (at most two minutes), so a test can send its
// Ctrl+C to a launcher at a known batch of every rank. Points: train-batch, predict-batch.
// Without the variable it costs an environment lookup.
void injectFault(const char *point, const std::atomic<bool> *stop = nullptr);

// Test hook for fp16's loss scaling, which needs a GPU: with MASKLAB_TEST_LOSS_SCALING set, an
// fp32 run on the CPU scales its loss as fp16 would (the arithmetic is the same, the range is
// not), and its value "E:B,E:B..." names the steps (epoch E, batch B, from 1) whose gradients
// are made infinite, as an fp16 overflow makes them.
bool testLossScaling();
bool testOverflowAt(int epoch, int batch);

} // namespace masklab::trainer
