handbookSearchLoaded("terms/gu",{"guess":[8,1],"guide":[15,1,16,1,17,1,18,1],"guides":[12,51,0,1,15,1,16,1,17,1,18,1]});
