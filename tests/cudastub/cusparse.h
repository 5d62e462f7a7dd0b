// Stand-in for CUDA's header, declarations only: lets tests/CMakeLists.txt compile the NCCL
// process group (core/trainer/ncclcollectives.cpp) against a CPU LibTorch. Never linked or run.
#pragma once
typedef enum
{
    CUSPARSE_STATUS_SUCCESS = 0
} cusparseStatus_t;
struct cusparseContext;
typedef cusparseContext *cusparseHandle_t;
inline const char *cusparseGetErrorString(cusparseStatus_t)
{
    return "";
}
