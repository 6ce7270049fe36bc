/* Every INT 21h function we implement: AH, name, handler, flags. One list
 * generates the prototypes and the dispatch table (docs/style.md, "How to
 * add an INT 21h function").
 * RBIL INT 21 is the reference for each entry. */
#ifndef UNIDOS_DOSAPI_INT21_LIST_H
#define UNIDOS_DOSAPI_INT21_LIST_H

#define DOS_INT21_FUNCS(X)                                                                     \
    X(0x00, TERMINATE, dos_fn_terminate, DOS_F_RAW)                                            \
    X(0x01, READ_CHAR_ECHO, dos_fn_read_char_echo, DOS_F_NO_CF)                                \
    X(0x02, WRITE_CHAR, dos_fn_write_char, DOS_F_NO_CF)                                        \
    X(0x06, DIRECT_CONSOLE_IO, dos_fn_direct_con_io, DOS_F_NO_CF)                              \
    X(0x07, DIRECT_INPUT, dos_fn_direct_input, DOS_F_NO_CF)                                    \
    X(0x08, READ_CHAR, dos_fn_read_char, DOS_F_NO_CF)                                          \
    X(0x09, WRITE_STRING, dos_fn_write_string, DOS_F_NO_CF)                                    \
    X(0x0A, BUFFERED_INPUT, dos_fn_buffered_input, DOS_F_NO_CF)                                \
    X(0x0B, INPUT_STATUS, dos_fn_input_status, DOS_F_NO_CF)                                    \
    X(0x0C, FLUSH_AND_READ, dos_fn_flush_and_read, DOS_F_NO_CF)                                \
    X(0x0D, DISK_RESET, dos_fn_disk_reset, DOS_F_NO_CF)                                        \
    X(0x0E, SELECT_DRIVE, dos_fn_select_drive, DOS_F_NO_CF)                                    \
    X(0x0F, FCB_OPEN, dos_fn_fcb_open, DOS_F_NO_CF)                                            \
    X(0x10, FCB_CLOSE, dos_fn_fcb_close, DOS_F_NO_CF)                                          \
    X(0x11, FCB_FIND_FIRST, dos_fn_fcb_find_first, DOS_F_NO_CF)                                \
    X(0x12, FCB_FIND_NEXT, dos_fn_fcb_find_next, DOS_F_NO_CF)                                  \
    X(0x13, FCB_DELETE, dos_fn_fcb_delete, DOS_F_NO_CF)                                        \
    X(0x14, FCB_READ_SEQ, dos_fn_fcb_read_seq, DOS_F_NO_CF)                                    \
    X(0x15, FCB_WRITE_SEQ, dos_fn_fcb_write_seq, DOS_F_NO_CF)                                  \
    X(0x16, FCB_CREATE, dos_fn_fcb_create, DOS_F_NO_CF)                                        \
    X(0x17, FCB_RENAME, dos_fn_fcb_rename, DOS_F_NO_CF)                                        \
    X(0x19, CURRENT_DRIVE, dos_fn_current_drive, DOS_F_NO_CF)                                  \
    X(0x1A, SET_DTA, dos_fn_set_dta, DOS_F_NO_CF)                                              \
    X(0x1B, DEFAULT_ALLOC_INFO, dos_fn_default_alloc_info, DOS_F_NO_CF)                        \
    X(0x1C, DRIVE_ALLOC_INFO, dos_fn_drive_alloc_info, DOS_F_NO_CF)                            \
    X(0x1F, DEFAULT_DPB, dos_fn_default_dpb, DOS_F_NO_CF)                                      \
    X(0x21, FCB_READ_RANDOM, dos_fn_fcb_read_random, DOS_F_NO_CF)                              \
    X(0x22, FCB_WRITE_RANDOM, dos_fn_fcb_write_random, DOS_F_NO_CF)                            \
    X(0x23, FCB_FILE_SIZE, dos_fn_fcb_file_size, DOS_F_NO_CF)                                  \
    X(0x24, FCB_SET_RANDOM, dos_fn_fcb_set_random, DOS_F_NO_CF)                                \
    X(0x25, SET_VECTOR, dos_fn_set_vector, DOS_F_NO_CF)                                        \
    X(0x27, FCB_READ_BLOCK, dos_fn_fcb_read_block, DOS_F_NO_CF)                                \
    X(0x28, FCB_WRITE_BLOCK, dos_fn_fcb_write_block, DOS_F_NO_CF)                              \
    X(0x29, PARSE_NAME, dos_fn_parse_name, DOS_F_NO_CF)                                        \
    X(0x2A, GET_DATE, dos_fn_get_date, DOS_F_NO_CF)                                            \
    X(0x2B, SET_DATE, dos_fn_set_date, DOS_F_NO_CF)                                            \
    X(0x2C, GET_TIME, dos_fn_get_time, DOS_F_NO_CF)                                            \
    X(0x2D, SET_TIME, dos_fn_set_time, DOS_F_NO_CF)                                            \
    X(0x2E, SET_VERIFY, dos_fn_set_verify, DOS_F_NO_CF)                                        \
    X(0x2F, GET_DTA, dos_fn_get_dta, DOS_F_NO_CF)                                              \
    X(0x30, GET_VERSION, dos_fn_get_version, DOS_F_NO_CF)                                      \
    X(0x31, KEEP_RESIDENT, dos_fn_keep_resident, DOS_F_RAW)                                    \
    X(0x32, DRIVE_DPB, dos_fn_drive_dpb, DOS_F_NO_CF)                                          \
    X(0x33, BREAK_AND_VERSION, dos_fn_break_version, DOS_F_NO_CF)                              \
    X(0x34, INDOS_ADDRESS, dos_fn_indos_address, DOS_F_NO_CF)                                  \
    X(0x35, GET_VECTOR, dos_fn_get_vector, DOS_F_NO_CF)                                        \
    X(0x36, DISK_FREE, dos_fn_disk_free, DOS_F_NO_CF)                                          \
    X(0x37, SWITCH_CHAR, dos_fn_switch_char, DOS_F_NO_CF)                                      \
    X(0x38, COUNTRY, dos_fn_country, 0)                                                        \
    X(0x39, MKDIR, dos_fn_mkdir, 0)                                                            \
    X(0x3A, RMDIR, dos_fn_rmdir, 0)                                                            \
    X(0x3B, CHDIR, dos_fn_chdir, 0)                                                            \
    X(0x3C, CREATE, dos_fn_create, 0)                                                          \
    X(0x3D, OPEN, dos_fn_open, 0)                                                              \
    X(0x3E, CLOSE, dos_fn_close, 0)                                                            \
    X(0x3F, READ, dos_fn_read, 0)                                                              \
    X(0x40, WRITE, dos_fn_write, 0)                                                            \
    X(0x41, DELETE, dos_fn_delete, 0)                                                          \
    X(0x42, SEEK, dos_fn_seek, 0)                                                              \
    X(0x43, ATTRIBUTES, dos_fn_attributes, 0)                                                  \
    X(0x44, IOCTL, dos_fn_ioctl, 0)                                                            \
    X(0x45, DUP, dos_fn_dup, 0)                                                                \
    X(0x46, DUP2, dos_fn_dup2, 0)                                                              \
    X(0x47, GET_CWD, dos_fn_get_cwd, 0)                                                        \
    X(0x48, ALLOC, dos_fn_alloc, 0)                                                            \
    X(0x49, FREE, dos_fn_free, 0)                                                              \
    X(0x4A, RESIZE, dos_fn_resize, 0)                                                          \
    X(0x4B, EXEC, dos_fn_exec, 0)                                                              \
    X(0x4C, EXIT, dos_fn_exit, DOS_F_RAW)                                                      \
    X(0x4D, GET_RETURN_CODE, dos_fn_return_code, 0)                                            \
    X(0x4E, FIND_FIRST, dos_fn_find_first, 0)                                                  \
    X(0x4F, FIND_NEXT, dos_fn_find_next, 0)                                                    \
    X(0x50, SET_PSP, dos_fn_set_psp, DOS_F_NO_CF)                                              \
    X(0x51, GET_PSP, dos_fn_get_psp, DOS_F_NO_CF)                                              \
    X(0x52, LIST_OF_LISTS, dos_fn_list_of_lists, DOS_F_NO_CF)                                  \
    X(0x54, GET_VERIFY, dos_fn_get_verify, DOS_F_NO_CF)                                        \
    X(0x56, RENAME, dos_fn_rename, 0)                                                          \
    X(0x57, FILE_TIME, dos_fn_file_time, 0)                                                    \
    X(0x58, ALLOC_STRATEGY, dos_fn_strategy, 0)                                                \
    X(0x59, EXTENDED_ERROR, dos_fn_extended_error, DOS_F_NO_CF)                                \
    X(0x5A, CREATE_TEMP, dos_fn_create_temp, 0)                                                \
    X(0x5B, CREATE_NEW, dos_fn_create_new, 0)                                                  \
    X(0x5C, LOCK, dos_fn_lock, 0)                                                              \
    X(0x60, TRUENAME, dos_fn_truename, 0)                                                      \
    X(0x62, GET_PSP_ADDR, dos_fn_get_psp, DOS_F_NO_CF)                                         \
    X(0x63, DBCS_TABLE, dos_fn_dbcs, 0)                                                        \
    X(0x65, NLS_INFO, dos_fn_nls_info, 0)                                                      \
    X(0x66, CODE_PAGE, dos_fn_code_page, 0)                                                    \
    X(0x67, SET_HANDLE_COUNT, dos_fn_set_handle_count, 0)                                      \
    X(0x68, COMMIT, dos_fn_commit, 0)                                                          \
    X(0x6C, EXTENDED_OPEN, dos_fn_extended_open, 0)                                            \
    X(0x71, LONG_NAMES, dos_fn_long_names, DOS_F_NO_CF)

#endif
