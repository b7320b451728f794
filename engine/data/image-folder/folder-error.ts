/** A problem with an image folder the user can act on: what is wrong and what to do. */
export class ImageFolderError extends Error {
  override readonly name = 'ImageFolderError';

  constructor(message: string, readonly fix: string) {
    super(message);
  }
}
