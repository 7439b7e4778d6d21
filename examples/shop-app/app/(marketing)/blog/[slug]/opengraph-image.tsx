import { ImageResponse } from 'next/og'

export default async function Image({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params
  return new ImageResponse(<div>{`Journal: ${slug}`}</div>)
}
