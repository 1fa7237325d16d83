import { useEffect, useState } from 'react';
import { blobUrl } from '../api/client';

/**
 * An image the API serves only with the bearer (a lot's photo, a report's chart): an `<img src>`
 * cannot send it, so the bytes are fetched with the token and shown from an object URL, released
 * again when the image leaves the page. Until then, or when the fetch fails, the alt text stands in.
 */
export function ProtectedImage({ path, alt, className, testId }: { path: string; alt: string; className?: string; testId?: string }) {
  const [src, setSrc] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let url: string | null = null;
    let gone = false;
    setFailed(false);
    blobUrl(path).then(
      (made) => {
        url = made;
        if (gone) URL.revokeObjectURL(made);
        else setSrc(made);
      },
      () => !gone && setFailed(true),
    );
    return () => {
      gone = true;
      if (url) URL.revokeObjectURL(url);
      setSrc(null);
    };
  }, [path]);
  if (!src)
    return (
      <span role="img" aria-label={alt} className={`${className ?? ''} image-placeholder`} aria-busy={!failed} data-testid={testId}>
        {failed ? alt : null}
      </span>
    );
  return <img src={src} alt={alt} className={className} data-testid={testId} />;
}
