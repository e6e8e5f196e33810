/* The meaning of errno for a user (cnscd/os.h): the same on Linux and on
 * Windows, whose error codes os_win.c turns into these errno values. */
#include <errno.h>
#include <stddef.h>

#include "cnscd/os.h"
#include "cnscd/util.h"

int cn_os_error_status(int e)
{
	switch (e) {
	case ENOSPC:
	case EDQUOT:
	case EFBIG:
		return CN_EFULL;
	case EACCES:
	case EPERM:
	case EROFS:
		return CN_ERDONLY;
	default:
		return CN_EIO;
	}
}

const char *cn_os_error_text(int e)
{
	switch (e) {
	case ENOSPC:
	case EDQUOT:
		return "ổ đĩa đã đầy";
	case EFBIG:
		return "tệp vượt quá kích thước cho phép";
	case ENOENT:
		return "thư mục không tồn tại";
	case ENOTDIR:
		return "một phần của đường dẫn không phải là thư mục";
	case EACCES:
	case EPERM:
		return "không có quyền ghi vào thư mục này";
	case EROFS:
		return "ổ đĩa chỉ cho phép đọc";
	case EISDIR:
		return "đó là một thư mục";
	case ENAMETOOLONG:
		return "tên tệp quá dài";
	case EBUSY: /* Windows: a file open in Excel cannot be replaced */
		return "tệp đang mở trong một chương trình khác (ví dụ Excel); hãy đóng nó rồi thử lại";
	default:
		return NULL;
	}
}
