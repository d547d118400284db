handbookSearchLoaded("terms/wh",{"what":[8,21,5,1,19,1,20,1,21,1]});
