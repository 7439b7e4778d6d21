import { notFound } from 'next/navigation'
import { findProduct } from '../../../_lib/catalog'

export const revalidate = 60

export default async function Product({ params }: { params: Promise<{ id: string }> }) {
  const product = await findProduct((await params).id)
  if (!product) notFound()
  return <h1>{product.name}</h1>
}
