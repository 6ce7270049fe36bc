/* Host errno to DOS error translation: the only place it happens. */
#include "base/doserr.h"

#include <errno.h>

#include "base/common.h"

static const struct {
    int host_errno;
    enum doserr dos;
} k_errno_map[] = {
    {ENOENT, DOSERR_FILE_NOT_FOUND},       {ENOTDIR, DOSERR_PATH_NOT_FOUND},
    {ENAMETOOLONG, DOSERR_PATH_NOT_FOUND}, {ELOOP, DOSERR_PATH_NOT_FOUND},
    {EMFILE, DOSERR_TOO_MANY_OPEN_FILES},  {ENFILE, DOSERR_TOO_MANY_OPEN_FILES},
    {EACCES, DOSERR_ACCESS_DENIED},        {EPERM, DOSERR_ACCESS_DENIED},
    {EROFS, DOSERR_ACCESS_DENIED},         {EISDIR, DOSERR_ACCESS_DENIED},
    {ENOTEMPTY, DOSERR_ACCESS_DENIED},     {EBUSY, DOSERR_ACCESS_DENIED},
    {EEXIST, DOSERR_FILE_EXISTS},          {EBADF, DOSERR_INVALID_HANDLE},
    {ENOMEM, DOSERR_INSUFFICIENT_MEMORY},  {EXDEV, DOSERR_NOT_SAME_DEVICE},
    {ENOSPC, DOSERR_HANDLE_DISK_FULL}, /* a write then returns a short count */
    {EDQUOT, DOSERR_HANDLE_DISK_FULL},     {EFBIG, DOSERR_HANDLE_DISK_FULL},
    {EIO, DOSERR_GENERAL_FAILURE},         {EINVAL, DOSERR_INVALID_PARAMETER},
    {ESPIPE, DOSERR_SEEK_ERROR},           {EAGAIN, DOSERR_LOCK_VIOLATION},
    {ETXTBSY, DOSERR_SHARING_VIOLATION},
};

enum doserr doserr_from_errno(int host_errno)
{
    for (size_t i = 0; i < ARRAY_LEN(k_errno_map); i++)
        if (k_errno_map[i].host_errno == host_errno)
            return k_errno_map[i].dos;
    return DOSERR_ACCESS_DENIED;
}

static const char *const k_names[] = {
    [DOSERR_NONE] = "no error",
    [DOSERR_FUNCTION_INVALID] = "invalid function",
    [DOSERR_FILE_NOT_FOUND] = "file not found",
    [DOSERR_PATH_NOT_FOUND] = "path not found",
    [DOSERR_TOO_MANY_OPEN_FILES] = "too many open files",
    [DOSERR_ACCESS_DENIED] = "access denied",
    [DOSERR_INVALID_HANDLE] = "invalid handle",
    [DOSERR_MCB_DESTROYED] = "memory control blocks destroyed",
    [DOSERR_INSUFFICIENT_MEMORY] = "insufficient memory",
    [DOSERR_INVALID_BLOCK] = "invalid memory block address",
    [DOSERR_BAD_ENVIRONMENT] = "invalid environment",
    [DOSERR_BAD_FORMAT] = "invalid format",
    [DOSERR_INVALID_ACCESS] = "invalid access code",
    [DOSERR_INVALID_DATA] = "invalid data",
    [DOSERR_INVALID_DRIVE] = "invalid drive",
    [DOSERR_REMOVE_CURRENT_DIR] = "attempt to remove current directory",
    [DOSERR_NOT_SAME_DEVICE] = "not same device",
    [DOSERR_NO_MORE_FILES] = "no more files",
    [DOSERR_WRITE_PROTECTED] = "write-protected",
    [DOSERR_GENERAL_FAILURE] = "general failure",
    [DOSERR_SHARING_VIOLATION] = "sharing violation",
    [DOSERR_LOCK_VIOLATION] = "lock violation",
    [DOSERR_NOT_READY] = "drive not ready",
    [DOSERR_CRC_ERROR] = "data error (CRC)",
    [DOSERR_SEEK_ERROR] = "seek error",
    [DOSERR_SECTOR_NOT_FOUND] = "sector not found",
    [DOSERR_WRITE_FAULT] = "write fault",
    [DOSERR_READ_FAULT] = "read fault",
    [DOSERR_HANDLE_EOF] = "end of file",
    [DOSERR_HANDLE_DISK_FULL] = "insufficient disk space",
    [DOSERR_NOT_SUPPORTED] = "not supported",
    [DOSERR_FILE_EXISTS] = "file exists",
    [DOSERR_CANNOT_MAKE] = "cannot make directory entry",
    [DOSERR_FAIL_INT24] = "fail on INT 24h",
    [DOSERR_INVALID_PARAMETER] = "invalid parameter",
    [DOSERR_DISK_FULL] = "disk full",
};

const char *doserr_name(enum doserr e)
{
    if ((unsigned)e < ARRAY_LEN(k_names) && k_names[e])
        return k_names[e];
    return "DOS error";
}
