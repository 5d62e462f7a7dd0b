// Stand-in for NCCL's header, declarations only: lets tests/CMakeLists.txt compile the NCCL
// process group (core/trainer/ncclcollectives.cpp) against a CPU LibTorch. Never linked or run.
#pragma once
#include <cstddef>
#define NCCL_MAJOR 2
#define NCCL_MINOR 14
#define NCCL_PATCH 3
#define NCCL_VERSION_CODE 21403
#define NCCL_VERSION(X, Y, Z) ((X)*10000 + (Y)*100 + (Z))
typedef enum
{
    ncclSuccess = 0,
    ncclUnhandledCudaError = 1,
    ncclSystemError = 2,
    ncclInternalError = 3,
    ncclInvalidArgument = 4,
    ncclInvalidUsage = 5,
    ncclRemoteError = 6,
    ncclInProgress = 7
} ncclResult_t;
struct ncclComm;
typedef ncclComm *ncclComm_t;
typedef struct
{
    char internal[128];
} ncclUniqueId;
typedef enum
{
    ncclSum,
    ncclProd,
    ncclMax,
    ncclMin,
    ncclAvg,
    ncclNumOps,
    ncclMaxRedOp = 0x7fffffff
} ncclRedOp_t;
typedef enum
{
    ncclInt8,
    ncclChar = 0,
    ncclUint8,
    ncclInt32,
    ncclInt = 2,
    ncclUint32,
    ncclInt64,
    ncclUint64,
    ncclFloat16,
    ncclHalf = 6,
    ncclFloat32,
    ncclFloat = 7,
    ncclFloat64,
    ncclDouble = 8,
    ncclBfloat16,
    ncclNumTypes
} ncclDataType_t;
typedef enum
{
    ncclScalarDevice = 0,
    ncclScalarHostImmediate = 1
} ncclScalarResidence_t;
#define NSTUB(name)                                                                                \
    template <class... A> inline ncclResult_t name(A &&...)                                        \
    {                                                                                              \
        return ncclSuccess;                                                                        \
    }
NSTUB(ncclGetUniqueId)
NSTUB(ncclCommInitRank) NSTUB(ncclCommAbort) NSTUB(ncclCommDestroy) NSTUB(ncclCommGetAsyncError)
    NSTUB(ncclRedOpCreatePreMulSum) NSTUB(ncclRedOpDestroy) NSTUB(ncclGroupStart)
        NSTUB(ncclGroupEnd) NSTUB(ncclCommCount) inline const char *ncclGetErrorString(ncclResult_t)
{
    return "";
}
