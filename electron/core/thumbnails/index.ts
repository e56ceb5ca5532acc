export { attachThumbnails } from './attach-thumbnails';
export { ThumbnailService, THUMBNAIL_DEFAULTS, type ThumbnailServiceOptions } from './thumbnail-service';
export type { Thumbnail } from './thumbnail-connection';
