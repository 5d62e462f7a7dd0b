// Stand-in for CUDA's header, declarations only: lets tests/CMakeLists.txt compile the NCCL
// process group (core/trainer/ncclcollectives.cpp) against a CPU LibTorch. Never linked or run.
#pragma once
#include <cstddef>
enum cudaError_t
{
    cudaSuccess = 0,
    cudaErrorNotReady = 600,
    cudaErrorPeerAccessAlreadyEnabled = 704,
    cudaErrorPeerAccessUnsupported = 217,
    cudaErrorInvalidDevice = 101
};
typedef enum cudaError_t cudaError;
struct CUstream_st;
typedef CUstream_st *cudaStream_t;
struct CUevent_st;
typedef CUevent_st *cudaEvent_t;
struct cudaDeviceProp
{
    char name[256];
    size_t totalGlobalMem;
    int major, minor, multiProcessorCount, warpSize, maxThreadsPerBlock;
    size_t sharedMemPerBlock;
};
struct cudaIpcEventHandle_t
{
    char reserved[64];
};
struct cudaIpcMemHandle_t
{
    char reserved[64];
};
struct CUctx_st;
typedef CUctx_st *CUcontext;
enum
{
    cudaEventDisableTiming = 2,
    cudaEventInterprocess = 4,
    cudaEventDefault = 0,
    cudaEventBlockingSync = 1
};
enum
{
    cudaStreamNonBlocking = 1
};
enum cudaStreamCaptureStatus
{
    cudaStreamCaptureStatusNone,
    cudaStreamCaptureStatusActive,
    cudaStreamCaptureStatusInvalidated
};
enum cudaStreamCaptureMode
{
    cudaStreamCaptureModeGlobal,
    cudaStreamCaptureModeThreadLocal,
    cudaStreamCaptureModeRelaxed
};
#define CUDART_VERSION 11070
#define CUDA_VERSION 11070
#define STUB(name)                                                                                 \
    template <class... A> inline cudaError_t name(A &&...)                                         \
    {                                                                                              \
        return cudaSuccess;                                                                        \
    }
STUB(cudaEventCreateWithFlags)
STUB(cudaEventRecord) STUB(cudaEventQuery) STUB(cudaEventSynchronize) STUB(cudaEventDestroy)
    STUB(cudaStreamWaitEvent) STUB(cudaEventElapsedTime) STUB(cudaIpcGetEventHandle)
        STUB(cudaIpcOpenEventHandle) STUB(cudaGetDevice) STUB(cudaSetDevice)
            STUB(cudaStreamSynchronize) STUB(cudaStreamQuery) STUB(cudaGetDeviceCount)
                STUB(cudaDeviceSynchronize) STUB(cudaMemcpyAsync) STUB(cudaStreamIsCapturing)
                    STUB(cudaStreamGetCaptureInfo) STUB(cudaThreadExchangeStreamCaptureMode)
                        STUB(cudaPointerGetAttributes) STUB(cudaMemsetAsync) inline cudaError_t
    cudaGetLastError()
{
    return cudaSuccess;
}
inline cudaError_t cudaPeekAtLastError()
{
    return cudaSuccess;
}
inline const char *cudaGetErrorString(cudaError_t)
{
    return "";
}
enum cudaMemcpyKind
{
    cudaMemcpyHostToHost,
    cudaMemcpyHostToDevice,
    cudaMemcpyDeviceToHost,
    cudaMemcpyDeviceToDevice,
    cudaMemcpyDefault
};
STUB(cudaStreamGetPriority) STUB(cudaDeviceGetStreamPriorityRange)
